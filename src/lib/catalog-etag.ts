import type { Context } from "hono";
import type { AppEnv } from "./types.ts";

/** Catalog answers change only when the catalog (or, for dated answers, the date) does: cacheable by anyone. */
export const CATALOG_CACHE_CONTROL = "public, max-age=300";

/**
 * A strong ETag for a catalog-derived answer: the catalog digest plus a hash of what else selects the answer (the
 * path, the query and any defaulted date). Computed before the body, so a matching `If-None-Match` costs no work.
 */
export function catalogEtag(c: Context<AppEnv>, extra = ""): string {
  const url = new URL(c.req.url);
  const query = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  const key = `${url.pathname}?${new URLSearchParams(query).toString()}#${extra}`;
  return `"${c.get("deps").catalog.digest.slice(0, 24)}-${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01000193)}"`;
}

/** RFC 9110 If-None-Match: weak comparison, `*` matches any current representation. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === opaque;
  });
}

/**
 * Serves a catalog answer with its caching headers, or a 304 when the client already has it. `build` runs only when
 * the body is actually needed.
 */
export function catalogAnswer<T>(c: Context<AppEnv>, build: () => T, extra = ""): Response | { etag: string; body: T } {
  const etag = catalogEtag(c, extra);
  c.header("ETag", etag);
  c.header("Cache-Control", CATALOG_CACHE_CONTROL);
  if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) {
    return c.body(null, 304);
  }
  return { etag, body: build() };
}

/** FNV-1a, 32 bits; two seeds give 64 bits, enough that two queries of one catalog never share a tag in practice. */
function fnv1a(text: string, seed: number): string {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
