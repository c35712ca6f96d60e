import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./records.handlers.ts";
import * as routes from "./records.routes.ts";
import * as undecodableHandlers from "./undecodable.handlers.ts";
import * as undecodableRoutes from "./undecodable.routes.ts";

// Each route declares its guard (store, roles) and body rules in its definition (records.routes.ts); the app applies
// them (middleware/route-guard.ts, routes/define-route.ts).
export const recordsRouter = createRouter();
recordsRouter.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
recordsRouter
  .openapi(routes.put, handlers.put)
  .openapi(routes.get, handlers.get)
  .openapi(routes.withdraw, handlers.withdraw)
  .openapi(routes.changes, handlers.changes)
  .openapi(routes.recognition, handlers.recognition)
  .openapi(routes.resolveLabel, handlers.resolveLabel)
  .openapi(routes.batch, handlers.batch)
  .openapi(routes.list, handlers.list)
  .openapi(undecodableRoutes.listUndecodable, undecodableHandlers.listUndecodable)
  .openapi(undecodableRoutes.quarantine, undecodableHandlers.quarantine);
