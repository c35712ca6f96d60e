import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router.ts";
import { problemResponses } from "../../lib/problem.ts";
import { Health } from "../../schemas/api.ts";

const health = createRoute({
  operationId: "health",
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness, with the catalog the process serves",
  description: "Always 200 while the process runs; reports the runtime and the digest of the catalog bundle it serves.",
  responses: {
    200: { description: "The process is up", content: { "application/json": { schema: Health } } },
    ...problemResponses(406),
  },
});

export const healthRouter = createRouter().openapi(health, (c) => {
  const { catalog, runtime } = c.var.deps;
  c.header("Cache-Control", "no-store");
  return c.json(
    { status: "ok" as const, runtime, catalog: { digest: catalog.digest, schemes: catalog.allSchemes().length } },
    200,
  );
});
