import { createRouter } from "../../lib/create-router.ts";
import { Deadline } from "../../lib/deadline.ts";
import { problemResponse } from "../../lib/problem.ts";
import { authenticate } from "../../middleware/authenticate.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import { rateLimit } from "../../middleware/rate-limit.ts";
import { ADMIN_PATHS, RECORD_PATHS } from "./paths.ts";

const limit = rateLimit();

import * as handlers from "./records.handlers.ts";
import * as routes from "./records.routes.ts";
import * as undecodableHandlers from "./undecodable.handlers.ts";
import * as undecodableRoutes from "./undecodable.routes.ts";

export const recordsRouter = createRouter();
recordsRouter.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
/**
 * Every record path, in one place and once per request: no store here (the edge Worker) → 503 naming the origin;
 * then the API key (reader for reads, partner or admin for writes, admin alone for /v1/admin); then the key's
 * request budget.
 */
recordsRouter.use("/v1/*", async (c, next) => {
  if (!RECORD_PATHS.test(c.req.path)) return next();
  if (!c.var.deps.records) {
    return problemResponse(c, 503, "records are served by the origin server, not by this edge deployment", undefined, {
      "Retry-After": "3600",
    });
  }
  c.set("deadline", new Deadline(c.var.deps.requestDeadlineMs ?? 1000));
  const read = c.req.method === "GET" || c.req.method === "HEAD";
  const auth = ADMIN_PATHS.test(c.req.path)
    ? authenticate("admin")
    : read
      ? authenticate("reader", "partner", "admin")
      : authenticate("partner", "admin");
  // A budget refusal is a response, not a next(): hand it to Hono through c.res.
  return auth(c, async () => {
    const refused = await limit(c, next);
    if (refused instanceof Response) c.res = refused;
  });
});
recordsRouter.on(["POST"], ["/v1/records/batch"], ...bodyRules("application/json", routes.RECORD_LIMITS.batchBytes));
recordsRouter.on(["PUT"], ["/v1/records/*"], ...bodyRules("application/json", routes.RECORD_LIMITS.bodyBytes));
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
