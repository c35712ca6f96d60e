import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import catalogDigest from "../../generated/catalog-digest.js";
import { systemClock } from "../../src/deps.ts";
import { type EdgeCacheStore, edgeCache, edgeCacheKey } from "../../src/edge/edge-cache.ts";
import worker from "../../src/worker.ts";
import { checkedFetch } from "../helpers/checked-fetch.ts";

/**
 * The edge's shared cache (src/edge/edge-cache.ts) inside workerd, on the runtime's own Cache API. The Worker is called
 * directly with an execution context the test waits on, so that the cache write (done in `waitUntil`, after the
 * answer) is finished before the next request — no sleeping, no racing.
 */
const fetchEdge = checkedFetch(async (path: string, init?: RequestInit) => {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://kakehashi.test${path}`, init), env, ctx);
  // Read the body before waiting: the cache write streams from the same answer.
  const copy = new Response(await response.arrayBuffer(), response);
  await waitOnExecutionContext(ctx);
  return copy;
});

const status = (response: Response) => response.headers.get("cache-status") ?? "";

/**
 * The requests whose first answer this file asserts is a miss. The Workers files share one runtime, and so its cache
 * (vitest.config.ts): another file may have asked the same before. Their entries are deleted first, under the key the
 * Worker itself uses (the catalog's digest, today).
 */
const firstAskedHere: [string, Record<string, string>][] = [
  ["/labels/jc-star/STAR-1?category=router", { Accept: "text/html", "Accept-Language": "en" }],
  ["/labels/jc-star/STAR-2", { Accept: "text/html", "Accept-Language": "en" }],
  ["/labels/jc-star/STAR-2", { Accept: "text/html", "Accept-Language": "ja" }],
];

beforeAll(async () => {
  const store = (
    globalThis as unknown as { caches: { default: EdgeCacheStore & { delete(key: Request): Promise<boolean> } } }
  ).caches.default;
  for (const [path, headers] of firstAskedHere) {
    const request = new Request(`https://kakehashi.test${path}`, { headers });
    await store.delete(edgeCacheKey(request, catalogDigest, systemClock.today()));
  }
});

describe("the edge's shared cache (Cache API)", () => {
  it("serves a second identical label page from the cache, the same bytes", async () => {
    const html = { Accept: "text/html", "Accept-Language": "en" };
    const first = await fetchEdge("/labels/jc-star/STAR-1?category=router", { headers: html });
    expect(first.status).toBe(200);
    expect(status(first)).toBe("kakehashi-edge; fwd=uri-miss; stored");
    const second = await fetchEdge("/labels/jc-star/STAR-1?category=router", { headers: html });
    expect(status(second)).toBe("kakehashi-edge; hit");
    expect(await second.text()).toBe(await first.text());
  });

  it("keeps another language and another media type apart", async () => {
    const path = "/labels/jc-star/STAR-2";
    await fetchEdge(path, { headers: { Accept: "text/html", "Accept-Language": "en" } });
    const japanese = await fetchEdge(path, { headers: { Accept: "text/html", "Accept-Language": "ja" } });
    expect(status(japanese)).toContain("fwd=uri-miss");
    expect(japanese.headers.get("content-language")).toBe("ja");
    const again = await fetchEdge(path, { headers: { Accept: "text/html", "Accept-Language": "ja,en;q=0.5" } });
    // Another Accept-Language header that chooses the same language is the same entry.
    expect(status(again)).toBe("kakehashi-edge; hit");
    expect(again.headers.get("content-language")).toBe("ja");
  });

  it("answers JSON queries from the cache whatever the order of their parameters", async () => {
    const first = await fetchEdge("/v1/equivalence?from=jc-star:STAR-1&to=uk-psti");
    expect(first.status).toBe(200);
    const reordered = await fetchEdge("/v1/equivalence?to=uk-psti&from=jc-star:STAR-1");
    expect(status(reordered)).toBe("kakehashi-edge; hit");
    expect(await reordered.json()).toEqual(await first.json());
    // A client that holds the answer gets a 304 from the cache.
    const etag = first.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const revalidated = await fetchEdge("/v1/equivalence?from=jc-star:STAR-1&to=uk-psti", {
      headers: { "If-None-Match": etag },
    });
    expect(revalidated.status).toBe(304);
    expect(status(revalidated)).toBe("kakehashi-edge; hit");
    // A client's no-cache goes to the app (and refreshes the entry).
    const fresh = await fetchEdge("/v1/equivalence?from=jc-star:STAR-1&to=uk-psti", {
      headers: { "Cache-Control": "no-cache" },
    });
    expect(status(fresh)).toBe("kakehashi-edge; fwd=request; stored");
  });

  it("never keeps errors, records, credentials or keyed requests", async () => {
    for (let i = 0; i < 2; i++) {
      const missing = await fetchEdge("/v1/schemes/no-such-scheme");
      expect(missing.status).toBe(404);
      expect(status(missing)).not.toContain("hit");
      const record = await fetchEdge("/v1/records/jc-star/X");
      expect(status(record)).toBe("");
      const did = await fetchEdge("/.well-known/did.json");
      expect(status(did)).toBe("");
      const keyed = await fetchEdge("/v1/schemes", { headers: { "X-Api-Key": "anything" } });
      expect(status(keyed)).toBe("");
    }
  });

  it("misses when the catalog changes: a new digest never meets an old entry", async () => {
    const store = (globalThis as unknown as { caches: { default: EdgeCacheStore } }).caches.default;
    let computed = 0;
    const compute = () => {
      computed++;
      return new Response("{}", { headers: { "content-type": "application/json", "cache-control": "public" } });
    };
    const request = () => new Request("https://kakehashi.test/v1/schemes");
    const pending: Promise<unknown>[] = [];
    const keep = (work: Promise<unknown>) => pending.push(work);
    const today = () => "2026-12-06";
    const old = edgeCache({ digest: "old-digest", today, store: () => store });
    await old(request(), compute, keep);
    await Promise.all(pending);
    expect(status(await old(request(), compute, keep))).toBe("kakehashi-edge; hit");
    const renewed = edgeCache({ digest: "new-digest", today, store: () => store });
    expect(status(await renewed(request(), compute, keep))).toContain("fwd=uri-miss");
    expect(computed).toBe(2);
    // And a new day is a new key too.
    const tomorrow = edgeCache({ digest: "new-digest", today: () => "2026-12-07", store: () => store });
    await Promise.all(pending);
    expect(status(await tomorrow(request(), compute, keep))).toContain("fwd=uri-miss");
    expect(computed).toBe(3);
  });
});
