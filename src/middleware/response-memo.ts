import type { Context, MiddlewareHandler } from "hono";
import { MemoryLru, stringBytes } from "../cache/memory-lru.ts";
import { matchesIfNoneMatch } from "../lib/catalog-etag.ts";
import type { AppEnv } from "../lib/types.ts";

interface MemoizedResponse {
  /** UTF-8 bytes, encoded once when stored rather than on every response. */
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

const encoder = new TextEncoder();

/** How many finished responses a process keeps, and for how long (they are also keyed by the day). */
const MEMO_LIMITS = { maxEntries: 5000, maxBytes: 32_000_000, ttlSeconds: 3600 };

/**
 * A memo of finished catalog answers, keyed by catalog digest, today's date and the exact request path and query.
 * A catalog answer is a pure function of those three, so a repeat of a URL that was answered 200 before is served
 * without validating, looking up or encoding anything again — the first request did all of that. Only 200 answers
 * are kept; errors always go through the route. `Cache-Control: no-cache` from the client skips the memo.
 */
export function responseMemo(
  options: {
    /** What else selects the response besides the URL (the web pages' language from Accept-Language). */
    vary?: (c: Context<AppEnv>) => string;
  } = {},
): MiddlewareHandler<AppEnv> {
  const memo = new MemoryLru<MemoizedResponse>({
    maxEntries: MEMO_LIMITS.maxEntries,
    maxBytes: MEMO_LIMITS.maxBytes,
    // The body's bytes, its headers' strings, and the typed array's own header.
    sizeOf: (entry) =>
      entry.body.byteLength +
      Object.entries(entry.headers).reduce((sum, [name, value]) => sum + stringBytes(name) + stringBytes(value), 96),
  });
  return async (c, next) => {
    if (
      (c.req.method !== "GET" && c.req.method !== "HEAD") ||
      /\bno-cache\b/i.test(c.req.header("cache-control") ?? "")
    ) {
      return next();
    }
    const { catalog, clock } = c.get("deps");
    const url = c.req.url;
    const key = `${catalog.digest}|${clock.today()}|${url.slice(url.indexOf("/", url.indexOf("//") + 2))}|${options.vary?.(c) ?? ""}`;
    const hit = memo.peek(key);
    if (hit) {
      c.set("cacheOutcome", "hit");
      const headers: Record<string, string> = { ...hit.headers, "x-cache": "hit" };
      const etag = hit.headers.etag;
      if (etag && matchesIfNoneMatch(c.req.header("if-none-match"), etag)) {
        delete headers["content-type"];
        return c.body(null, 304, headers);
      }
      return c.body(hit.body, 200, headers);
    }
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (c.res.status !== 200 || !(type.startsWith("application/json") || type.startsWith("text/html"))) return;
    if (!c.res.headers.has("x-cache")) c.res.headers.set("x-cache", "miss");
    c.set("cacheOutcome", c.get("cacheOutcome") ?? "miss");
    const kept: Record<string, string> = {};
    for (const name of ["content-type", "etag", "cache-control", "vary", "content-language"]) {
      const value = c.res.headers.get(name);
      if (value) kept[name] = value;
    }
    memo.put(
      key,
      { body: encoder.encode(await c.res.clone().text()) as Uint8Array<ArrayBuffer>, headers: kept },
      MEMO_LIMITS.ttlSeconds,
    );
  };
}
