import { describe, expect, it } from "vitest";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import type { Cache } from "../../src/cache/cache.ts";
import { ENTRY_OVERHEAD_BYTES, MemoryLru } from "../../src/cache/memory-lru.ts";
import { noopCache } from "../../src/cache/noop.ts";
import { recordingLogger } from "../helpers/test-app.ts";

/** An L2 twin that answers slowly, so that concurrent misses overlap. */
function slowCache(): Cache & { reads: number; store: Map<string, string> } {
  const store = new Map<string, string>();
  const cache = {
    name: "slow",
    reads: 0,
    store,
    get: async (key: string) => {
      cache.reads++;
      await new Promise((r) => setTimeout(r, 20));
      return store.get(key);
    },
    set: async (key: string, value: string) => {
      store.set(key, value);
    },
  };
  return cache;
}

describe("the answer cache", () => {
  it("computes once for concurrent misses on one key (single-flight)", async () => {
    const l2 = slowCache();
    const cache = new AnswerCache(new MemoryLru({ maxEntries: 10, maxBytes: 10_000 }), l2, {
      ttlSeconds: 60,
      logger: recordingLogger(),
    });
    let computed = 0;
    const compute = () => {
      computed++;
      return "answer";
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get("k", compute)));
    expect(computed).toBe(1);
    expect(l2.reads).toBe(1);
    expect(results.every((r) => r.value === "answer")).toBe(true);
    expect(results.filter((r) => r.outcome === "miss")).toHaveLength(20);
    expect((await cache.get("k", compute)).outcome).toBe("hit");
    expect(computed).toBe(1);
  });

  it("serves from L2 when L1 is cold, and fills L1 from it", async () => {
    const l2 = slowCache();
    l2.store.set("k", "from-redis");
    const cache = new AnswerCache(new MemoryLru({ maxEntries: 10, maxBytes: 10_000 }), l2, {
      ttlSeconds: 60,
      logger: recordingLogger(),
    });
    const compute = () => {
      throw new Error("must not compute");
    };
    expect(await cache.get("k", compute)).toEqual({ value: "from-redis", outcome: "hit" });
    expect(await cache.get("k", compute)).toEqual({ value: "from-redis", outcome: "hit" });
    expect(l2.reads).toBe(1);
  });

  it("bypass recomputes without reading and refreshes what is stored", async () => {
    const cache = AnswerCache.inMemory(recordingLogger());
    await cache.get("k", () => "old");
    expect(await cache.get("k", () => "new", true)).toEqual({ value: "new", outcome: "bypass" });
    expect(await cache.get("k", () => "unused")).toEqual({ value: "new", outcome: "hit" });
  });
});

describe("the in-process LRU", () => {
  it("evicts the least recently used entry past its entry bound", () => {
    const lru = new MemoryLru({ maxEntries: 2, maxBytes: 10_000 });
    lru.put("a", "1", 60);
    lru.put("b", "2", 60);
    expect(lru.peek("a")).toBe("1"); // a is now the most recent
    lru.put("c", "3", 60);
    expect(lru.peek("b")).toBeUndefined();
    expect(lru.peek("a")).toBe("1");
    expect(lru.stats.entries).toBe(2);
  });

  it("stays within its byte bound, and refuses an entry larger than the whole cache", () => {
    const entry = ENTRY_OVERHEAD_BYTES + 2 + 10; // key "a", value "12345", both UTF-16
    const bound = 2 * entry + 5;
    const lru = new MemoryLru({ maxEntries: 100, maxBytes: bound });
    lru.put("a", "12345", 60);
    lru.put("b", "12345", 60);
    lru.put("c", "123", 60);
    expect(lru.peek("a")).toBeUndefined();
    expect(lru.stats.bytes).toBeLessThanOrEqual(bound);
    lru.put("huge", "x".repeat(bound), 60);
    expect(lru.peek("huge")).toBeUndefined();
    expect(lru.peek("c")).toBe("123");
  });

  it("accounts an entry at its heap cost — key and value in UTF-16, plus overhead — within the bound (issue 21 row 17)", () => {
    // Many distinct queries: long URL keys, small answers, some Japanese (two-byte) text, as the load that grew the
    // process by ~290 MiB with CACHE_MAX_MB at 64 did.
    const maxBytes = 1_000_000;
    const lru = new MemoryLru({ maxEntries: 1_000_000, maxBytes });
    const put: [string, string][] = [];
    let highest = 0;
    for (let i = 0; i < 20_000; i++) {
      const key = `digest|2026-06-01|/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&q=${i}&pad=${"x".repeat(i % 700)}`;
      const value = i % 3 === 0 ? `{"note":"適合性評価の結果 ${i}"}` : `{"n":${i}}`;
      lru.put(key, value, 60);
      put.push([key, value]);
      highest = Math.max(highest, lru.stats.bytes);
    }
    expect(highest).toBeLessThanOrEqual(maxBytes);
    // What the live entries' strings alone take in the heap (2 bytes a character) is inside what was accounted.
    const live = put.filter(([key]) => lru.peek(key) !== undefined);
    expect(live.length).toBe(lru.stats.entries);
    const strings = live.reduce((sum, [key, value]) => sum + 2 * (key.length + value.length), 0);
    expect(strings + live.length * ENTRY_OVERHEAD_BYTES).toBe(lru.stats.bytes);
    expect(lru.stats.bytes).toBeLessThanOrEqual(maxBytes);
    expect(live.length).toBeLessThan(put.length); // the bound was reached, and evicted
  });

  it("expires entries after their time to live", () => {
    let now = 1_000_000;
    const lru = new MemoryLru({ maxEntries: 10, maxBytes: 10_000, now: () => now });
    lru.put("a", "1", 60);
    now += 59_999;
    expect(lru.peek("a")).toBe("1");
    now += 1;
    expect(lru.peek("a")).toBeUndefined();
    expect(lru.stats).toEqual({ entries: 0, bytes: 0 });
  });
});

describe("the no-op cache twin", () => {
  it("never holds anything, so behind it every L1 miss computes", async () => {
    await noopCache.set("k", "v", 60);
    expect(await noopCache.get("k")).toBeUndefined();
    const cache = new AnswerCache(new MemoryLru({ maxEntries: 0, maxBytes: 0 }), noopCache, {
      ttlSeconds: 60,
      logger: recordingLogger(),
    });
    let computed = 0;
    await cache.get("k", () => String(++computed));
    await cache.get("k", () => String(++computed));
    expect(computed).toBe(2);
  });
});
