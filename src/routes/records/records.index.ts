import { createRouter } from "../../lib/create-router.ts";
import { problemResponse } from "../../lib/problem.ts";
import { authenticate } from "../../middleware/authenticate.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import * as handlers from "./records.handlers.ts";
import * as routes from "./records.routes.ts";

export const recordsRouter = createRouter();
recordsRouter.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
// Where no store is configured (the edge Worker), say so before anything else: the records live at the origin.
for (const path of ["/v1/records", "/v1/records/*", "/v1/changes", "/v1/labels/*"]) {
  recordsRouter.use(path, async (c, next) => {
    if (c.var.deps.records) return next();
    return problemResponse(c, 503, "records are served by the origin server, not by this edge deployment", undefined, {
      "Retry-After": "3600",
    });
  });
}
recordsRouter.use("/v1/records/*", async (c, next) =>
  c.req.method === "GET" || c.req.method === "HEAD"
    ? authenticate("reader", "partner", "admin")(c, next)
    : authenticate("partner", "admin")(c, next),
);
recordsRouter.use("/v1/changes", authenticate("reader", "partner", "admin"));
recordsRouter.use("/v1/records", authenticate("reader", "partner", "admin"));
recordsRouter.use("/v1/labels/*", authenticate("reader", "partner", "admin"));
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
  .openapi(routes.list, handlers.list);
