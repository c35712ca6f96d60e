import { describe, expect, it } from "vitest";
import { type KvNamespace, kvCache } from "../../src/edge/kv-cache.ts";

describe("kvCache: the Worker's issued-credential store over KV", () => {
  it("stores with KV's minimum time to live and reads back; an unbound namespace always misses", async () => {
    const data = new Map<string, string>();
    const ttls: number[] = [];
    const kv: KvNamespace = {
      get: async (key) => data.get(key) ?? null,
      put: async (key, value, options) => {
        data.set(key, value);
        ttls.push(options.expirationTtl);
      },
    };
    const cache = kvCache(() => kv);
    await cache.set("a", "value", 5);
    await cache.set("b", "value", 3600.5);
    expect(ttls).toEqual([60, 3601]);
    expect(await cache.get("a")).toBe("value");
    expect(await cache.get("missing")).toBeUndefined();
    const unbound = kvCache(() => undefined);
    await expect(unbound.set("a", "v", 60)).resolves.toBeUndefined();
    expect(await unbound.get("a")).toBeUndefined();
  });

  it("reads a failing namespace as a miss rather than throwing", async () => {
    const failing: KvNamespace = {
      get: async () => {
        throw new Error("KV down");
      },
      put: async () => {
        throw new Error("KV down");
      },
    };
    expect(await kvCache(() => failing).get("a")).toBeUndefined();
  });
});
