import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router.ts";
import { problemResponses } from "../../lib/problem.ts";
import { Health, Readiness } from "../../schemas/api.ts";

const health = createRoute({
  operationId: "health",
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness, with the catalog the process serves",
  description: "Always 200 while the process runs; reports the runtime and the digest of the catalog bundle it serves.",
  responses: {
    200: { description: "The process is up", content: { "application/json": { schema: Health } } },
    ...problemResponses(400, 406),
  },
});

const readiness = createRoute({
  operationId: "readiness",
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness, with the state of each dependency",
  description:
    "200 while the process can answer. `degraded` when a dependency is down — the Redis L2 cache (answers are " +
    "still served, computed or from the in-process cache) or the record store (record routes answer 503). " +
    "Components: catalog, memory-cache, shared-cache, record-store. 503 `draining` once the process has begun " +
    "shutting down (SIGTERM): it finishes what is in flight and exits, so send new requests elsewhere.",
  responses: {
    // After the spread: its type names every problem status, 503 included.
    ...problemResponses(400, 406),
    200: { description: "Ready (possibly degraded)", content: { "application/json": { schema: Readiness } } },
    503: {
      description: "Not ready: shutting down",
      content: { "application/json": { schema: Readiness } },
    },
  },
});

export const healthRouter = createRouter()
  .openapi(readiness, (c) => {
    const { catalog, answers, records } = c.var.deps;
    const components = [
      { name: "catalog", status: "up" as const, detail: catalog.digest },
      ...answers.health(),
      records?.health() ?? {
        name: "record-store",
        status: "disabled" as const,
        detail: "records are served by the origin",
      },
    ];
    c.header("Cache-Control", "no-store");
    if (c.var.deps.draining?.()) return c.json({ status: "draining" as const, components }, 503);
    const status = components.some((x) => x.status === "down") ? ("degraded" as const) : ("ok" as const);
    return c.json({ status, components }, 200);
  })
  .openapi(health, (c) => {
    const { catalog, runtime } = c.var.deps;
    c.header("Cache-Control", "no-store");
    return c.json(
      { status: "ok" as const, runtime, catalog: { digest: catalog.digest, schemes: catalog.allSchemes().length } },
      200,
    );
  });
