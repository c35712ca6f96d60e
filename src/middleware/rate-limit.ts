import type { MiddlewareHandler } from "hono";
import { problemResponse } from "../lib/problem.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * Per-API-key budget on the record routes (after authentication): 429 with Retry-After past it. Budgets come from
 * the deps (RATE_LIMIT_PER_MINUTE on Node); without a limiter nothing is limited.
 */
export function rateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { rateLimiter, rateLimitPerMinute } = c.get("deps");
    const principal = c.get("principal");
    if (!rateLimiter || !principal || !rateLimitPerMinute) return next();
    // Within the request's deadline: a limiter that cannot answer in time lets the request through (and has spent
    // the budget, so a hung store then answers 503 at once instead of after a second timeout).
    const hit = () => rateLimiter.hit(principal.id, rateLimitPerMinute, 60);
    const deadline = c.get("deadline");
    const { allowed, retryAfterSeconds } = await (deadline ? deadline.run(hit) : hit()).catch(() => ({
      allowed: true,
      retryAfterSeconds: 0,
    }));
    if (!allowed) {
      return problemResponse(
        c,
        429,
        `the key ${principal.id} has used its ${rateLimitPerMinute} requests a minute`,
        undefined,
        {
          "Retry-After": String(retryAfterSeconds),
        },
      );
    }
    await next();
  };
}
