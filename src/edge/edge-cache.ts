import { chooseLang } from "../i18n/messages.ts";
import { matchesIfNoneMatch } from "../lib/catalog-etag.ts";
import { mountedRoutes } from "../routes/mounted.ts";

/**
 * The edge's shared cache: catalog answers (pages, equivalence, matrix, market access, schemes, exports …) kept in the
 * Workers Cache API of the data centre, so that every isolate there — not only the one that computed it — serves a
 * repeat from the cache. A catalog answer is a pure function of the catalog, the day, the URL, the media type asked
 * for and the language, so the cache key holds exactly those: a new catalog (a new digest) or a new day never meets
 * an old entry, and nothing needs purging.
 *
 * Only what the app marks `Cache-Control: public` and answers 200 is stored; requests that carry credentials (an API
 * key, Authorization) and the paths of records and credentials are never looked up nor stored. Each answer says what
 * happened in an RFC 9211 `Cache-Status` header: `kakehashi-edge; hit`, or `kakehashi-edge; fwd=uri-miss; stored`.
 */
export interface EdgeCacheStore {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
}

export interface EdgeCacheOptions {
  /** The catalog's digest: part of every key. */
  digest: string;
  /** Today's date (UTC, YYYY-MM-DD), as the app's clock says: answers default `asOf` to it. */
  today: () => string;
  /** The platform's cache, or undefined where there is none (then every request goes to the app). */
  store: () => EdgeCacheStore | undefined;
}

/**
 * Paths never cached at the edge: those of routes whose facts say so — records and subscriptions (forwarded to the
 * origin) and anything about credentials or keys (`edge: "private"`).
 */
function neverCached(path: string): boolean {
  return mountedRoutes.at(path).some((facts) => facts.edge !== undefined);
}

/** The cache's name in `Cache-Status` (RFC 9211). */
export const EDGE_STATUS_NAME = "kakehashi-edge";

export function edgeCache(
  options: EdgeCacheOptions,
): (
  request: Request,
  compute: () => Response | Promise<Response>,
  waitUntil: (work: Promise<unknown>) => void,
) => Promise<Response> {
  return async (request, compute, waitUntil) => {
    const store = cacheable(request) ? options.store() : undefined;
    if (!store) return compute();
    const key = edgeCacheKey(request, options.digest, options.today());
    const bypass = /\bno-cache\b/i.test(request.headers.get("cache-control") ?? "");
    const found = bypass ? undefined : await store.match(key);
    if (found) {
      const etag = found.headers.get("etag");
      if (etag && matchesIfNoneMatch(request.headers.get("if-none-match") ?? undefined, etag)) {
        const headers = new Headers(found.headers);
        headers.delete("content-type");
        headers.delete("content-length");
        return withStatus(new Response(null, { status: 304, headers }), "hit");
      }
      return withStatus(found, "hit");
    }
    const answer = await compute();
    if (!storable(answer)) return withStatus(answer, bypass ? "fwd=request" : "fwd=uri-miss");
    const stored = new Response(answer.clone().body, answer);
    // The Cache API keeps an entry as long as its s-maxage says: until the day's end, after which the key moves on.
    stored.headers.set("Cache-Control", `public, max-age=300, s-maxage=${secondsLeftInDay(new Date())}`);
    stored.headers.delete("Cache-Status");
    waitUntil(store.put(key, stored).catch(() => undefined));
    return withStatus(answer, `fwd=${bypass ? "request" : "uri-miss"}; stored`);
  };
}

/**
 * The key: a synthetic GET URL holding the digest, the day, the path with its query parameters sorted, the `Accept`
 * header as sent (normalised) and the language the pages would choose. Query order and header spacing do not split
 * entries; a different language or media type does.
 */
export function edgeCacheKey(request: Request, digest: string, today: string): Request {
  const url = new URL(request.url);
  const query = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const accept = (request.headers.get("accept") ?? "*/*").toLowerCase().replace(/\s+/g, "");
  const lang = chooseLang(
    url.searchParams.get("lang") ?? undefined,
    request.headers.get("accept-language") ?? undefined,
  );
  const key = new URL(`https://edge-cache.kakehashi.invalid/${digest}/${today}${url.pathname}`);
  key.search = new URLSearchParams([...query, ["~accept", accept], ["~lang", lang]]).toString();
  return new Request(key.toString(), { method: "GET" });
}

function cacheable(request: Request): boolean {
  if (request.method !== "GET") return false;
  if (request.headers.has("authorization") || request.headers.has("x-api-key")) return false;
  return !neverCached(new URL(request.url).pathname);
}

function storable(response: Response): boolean {
  const control = response.headers.get("cache-control") ?? "";
  return response.status === 200 && /(?:^|,)\s*public\b/i.test(control) && !/\bno-store\b/i.test(control);
}

function withStatus(response: Response, detail: string): Response {
  const out = new Response(response.body, response);
  out.headers.set("Cache-Status", `${EDGE_STATUS_NAME}; ${detail}`);
  // The app's own header for "served from a cache" (its memo, documented in the API) says the same on an edge hit.
  if (detail === "hit") out.headers.set("x-cache", "hit");
  return out;
}

/** Seconds until the next UTC midnight, at least one. */
function secondsLeftInDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}
