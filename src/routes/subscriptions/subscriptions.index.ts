import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./subscriptions.handlers.ts";
import * as routes from "./subscriptions.routes.ts";

// As on the record paths, each route declares its guard in its definition: no store here (the edge Worker without
// ORIGIN_URL) → 503 naming the origin; then a partner or admin key (readers do not subscribe: a subscription is a
// standing write to someone's server); then the key's request budget (middleware/route-guard.ts).
export const subscriptionsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.deliveries, handlers.deliveries)
  .openapi(routes.replay, handlers.replay);
