import type { Context, MiddlewareHandler, Next } from "hono";
import { problemResponse } from "../lib/problem.ts";
import { producedAt, type RouteFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";

/** Longest request target we accept; catalog queries are short, so anything longer is a mistake or an attack. */
export const MAX_URL_LENGTH = 2048;

/**
 * The length of the path and query the client sent — what it controls — not of the whole URL, whose scheme and host
 * (a long DNS name, a port) would otherwise count against the limit.
 */
function requestTargetLength(url: string): number {
  const path = url.indexOf("/", url.indexOf("://") + 3);
  return path < 0 ? 1 : url.length - path;
}

/**
 * Refuses requests the API cannot answer before any route runs: an over-long URL (414) and an `Accept` header that
 * admits none of the media types the matched route answers in (406) — its facts' `produces`, declared with the route.
 */
export function negotiation(factsOf: (c: Context<AppEnv>) => RouteFacts | undefined): MiddlewareHandler<AppEnv> {
  // Not async: a route with one media type has nothing to add after the answer, so its requests get next()'s own
  // promise; answers are returned as settled promises (docs/decisions.md, Speed).
  return (c, next) => {
    if (requestTargetLength(c.req.url) > MAX_URL_LENGTH) {
      return Promise.resolve(
        problemResponse(c, 414, `the request's path and query are longer than ${MAX_URL_LENGTH} characters`),
      );
    }
    const accept = c.req.header("accept");
    const facts = factsOf(c);
    // undefined: a path no route serves, answered in whatever form the client prefers (see the app's notFound).
    const types = facts && producedAt(facts, c.req.path);
    if (accept && types && !types.some((type) => accepts(accept, type))) {
      return Promise.resolve(
        problemResponse(
          c,
          406,
          `this resource is available as ${types.join(" or ")} only (Accept was "${accept.slice(0, 100)}")`,
        ),
      );
    }
    return types && types.length > 1 ? varyOnAccept(c, next) : next();
  };
}

/**
 * The answer depends on Accept where more than one type is offered: say so to caches. On the response's own headers,
 * as request-context sets its id: `c.header()` after the answer is made would make Node's adapter rebuild the
 * response as a web stream, which costs more than a small answer itself.
 */
async function varyOnAccept(c: Context<AppEnv>, next: Next): Promise<void> {
  await next();
  try {
    c.res.headers.append("Vary", "Accept");
  } catch {
    // An immutable response (a fetched one): copy it to set the header.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.append("Vary", "Accept");
  }
}

/** Whether an Accept header admits a media type (q=0 excludes); application/problem+json counts as JSON. */
export function accepts(header: string, type: string): boolean {
  const [major] = type.split("/");
  return header.split(",").some((entry) => {
    const [range = "", ...params] = entry.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) return false;
    const r = range.trim();
    return (
      r === "*/*" ||
      r === type ||
      r === `${major}/*` ||
      (type === "application/json" && (r === "application/problem+json" || r === "application/*+json"))
    );
  });
}
