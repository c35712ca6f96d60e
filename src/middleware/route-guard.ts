import type { MiddlewareHandler } from "hono";
import { Deadline } from "../lib/deadline.ts";
import { problemResponse } from "../lib/problem.ts";
import { factsOf, type RouteFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";
import { authenticate } from "./authenticate.ts";
import { rateLimit } from "./rate-limit.ts";

const unavailable = {
  records: "records are served by the origin server, not by this edge deployment",
  subscriptions: "webhook subscriptions are served by the origin server, not by this edge deployment",
} as const;

/**
 * The guard a route declares (`facts.guard`), once per request and in this order: no store here (the edge Worker
 * without ORIGIN_URL) → 503 naming the origin; then an API key with one of the route's roles (readers for record
 * reads, partners and admins for writes and subscriptions, admins alone for /v1/admin); then the key's request budget.
 */
export function routeGuard(): MiddlewareHandler<AppEnv> {
  const limit = rateLimit();
  const auth = new Map<string, MiddlewareHandler<AppEnv>>();
  const authFor = (roles: NonNullable<RouteFacts["guard"]>["roles"]) => {
    const key = roles.join(",");
    const found = auth.get(key) ?? authenticate(...roles);
    auth.set(key, found);
    return found;
  };
  // Not async: most requests have no guard, and returning next()'s promise spares them a promise and two microtask turns.
  return (c, next) => {
    const guard = factsOf(c)?.guard;
    if (!guard) return next();
    if (!c.get("deps")[guard.store]) {
      return Promise.resolve(problemResponse(c, 503, unavailable[guard.store], undefined, { "Retry-After": "3600" }));
    }
    c.set("deadline", new Deadline(c.get("deps").requestDeadlineMs ?? 1000));
    // A budget refusal is a response, not a next(): hand it to Hono through c.res.
    return authFor(guard.roles)(c, async () => {
      const refused = await limit(c, next);
      if (refused instanceof Response) c.res = refused;
    });
  };
}
