import { Health, Readiness } from "../../contracts/api.ts";
import { createRouter } from "../../lib/create-router.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";
import { pingedStoreHealth } from "./store-ping.ts";

const health = defineRoute({
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

const readiness = defineRoute({
  operationId: "readiness",
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness, with the state of each dependency",
  description:
    "200 while the process can answer: `ok`, or `degraded` while the Redis L2 cache is down (answers are still " +
    "served, computed or from the in-process cache) or a component is itself degraded: the record store with " +
    "undecodable (corrupt) records, which lists skip (`record-store: degraded`, detail `N undecodable`; their keys " +
    "are in the error log). 503 `unavailable` when the record store does not answer a PING within the request " +
    "deadline (Redis down or frozen; record routes answer 503), its component naming the reason; 503 `draining` once " +
    "the process has begun shutting down (SIGTERM): it finishes what is in flight and exits, so send new requests " +
    "elsewhere. Components: catalog, memory-cache, shared-cache, record-store. On Redis the record store's detail " +
    "says whether it keeps every acknowledged write: `redis, durable (appendonly yes, appendfsync always)` or " +
    "`redis, NOT durable (…)`.",
  responses: {
    // After the spread: its type names every problem status, 503 included.
    ...problemResponses(400, 406),
    200: { description: "Ready (possibly degraded)", content: { "application/json": { schema: Readiness } } },
    503: {
      description: "Not ready: the record store does not answer, or the process is shutting down",
      content: { "application/json": { schema: Readiness } },
    },
  },
});

export const healthRouter = createRouter()
  .openapi(readiness, async (c) => {
    const { catalog, answers, records, pingStore, requestDeadlineMs } = c.get("deps");
    const reported = records?.health();
    const store =
      reported && pingStore ? await pingedStoreHealth(reported, pingStore, requestDeadlineMs ?? 1000) : reported;
    const components = [
      { name: "catalog", status: "up" as const, detail: catalog.digest },
      ...answers.health(),
      store ?? {
        name: "record-store",
        status: "disabled" as const,
        detail: "records are served by the origin",
      },
    ];
    c.header("Cache-Control", "no-store");
    if (c.get("deps").draining?.()) return c.json({ status: "draining" as const, components }, 503);
    // Without its record store the origin cannot do its job; without the shared cache it still answers everything.
    if (store?.status === "down") return c.json({ status: "unavailable" as const, components }, 503);
    const status = components.some((x) => x.status === "down" || x.status === "degraded")
      ? ("degraded" as const)
      : ("ok" as const);
    return c.json({ status, components }, 200);
  })
  .openapi(health, (c) => {
    const { catalog, runtime } = c.get("deps");
    c.header("Cache-Control", "no-store");
    return c.json(
      { status: "ok" as const, runtime, catalog: { digest: catalog.digest, schemes: catalog.allSchemes().length } },
      200,
    );
  });
