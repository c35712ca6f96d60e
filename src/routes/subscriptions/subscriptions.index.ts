import type { MiddlewareHandler } from "hono";
import { createRouter } from "../../lib/create-router.ts";
import { Deadline } from "../../lib/deadline.ts";
import { problemResponse } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import { authenticate } from "../../middleware/authenticate.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import * as handlers from "./subscriptions.handlers.ts";
import * as routes from "./subscriptions.routes.ts";

const limit = rateLimit();
const auth = authenticate("partner", "admin");

/**
 * As on the record paths: no store here (the edge Worker without ORIGIN_URL) → 503 naming the origin; then a
 * partner or admin key (readers do not subscribe: a subscription is a standing write to someone's server); then
 * the key's request budget.
 */
const guardAll: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.deps.subscriptions) {
    return problemResponse(
      c,
      503,
      "webhook subscriptions are served by the origin server, not by this edge deployment",
      undefined,
      {
        "Retry-After": "3600",
      },
    );
  }
  c.set("deadline", new Deadline(c.var.deps.requestDeadlineMs ?? 1000));
  return auth(c, async () => {
    const refused = await limit(c, next);
    if (refused instanceof Response) c.res = refused;
  });
};

export const subscriptionsRouter = createRouter();
subscriptionsRouter.use("/v1/subscriptions/*", guardAll);
subscriptionsRouter.use("/v1/subscriptions", guardAll);
subscriptionsRouter.on(["POST"], ["/v1/subscriptions"], ...bodyRules("application/json", 16 * 1024));
subscriptionsRouter
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.deliveries, handlers.deliveries)
  .openapi(routes.replay, handlers.replay);
