import { describe, expect, it } from "vitest";
import { ORIGIN_PATHS } from "../../src/edge/forward.ts";
import { producedAt, routeTable } from "../../src/lib/route-facts.ts";
import { mountedRoutes } from "../../src/routes/mounted.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { adminKeys } from "../helpers/admin-key.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

/**
 * A route's facts (media types, memo, guard, edge) are declared once, with the route, and the middleware reads them
 * from the route a request matched (docs/architecture.md, "How a route is declared"). These tests hold every mounted
 * route to that: each has facts, and what the app does in front of it follows them — so a fact removed from a route's
 * definition changes the answer here, and no list of paths elsewhere can stand in for it.
 */

const { app } = createTestApp({});
const table = routeTable(() => app.routes);

/** A concrete path for a route's Hono path (`:id` must look like a credential's UUID to pass its own pattern). */
function samplePath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
    name === "id" ? "0f8e4c1a-7d53-4f0e-9a57-3c2b9d1e6f40" : "x",
  );
}

describe("route facts: every route declares them, in its definition", () => {
  it("every route the app mounts has facts, and the edge sees the same routes", () => {
    const routes = table.routes();
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !r.facts).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // The edge reads the routers the app mounts; only the app's own OpenAPI document route is not among them.
    const edge = new Set(mountedRoutes.routes().map((r) => `${r.method} ${r.path}`));
    expect(routes.filter((r) => !edge.has(`${r.method} ${r.path}`)).map((r) => r.path)).toEqual(["/openapi.json"]);
  });

  it("every contract route produces the media types of its success responses, as the OpenAPI document says", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    };
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const honoPath = path.replace(/\{([^}]+)\}/g, ":$1");
        const facts = table.routes().find((r) => r.path === honoPath && r.method === method.toUpperCase())?.facts;
        const documented = Object.entries(operation.responses)
          .filter(([status]) => status.startsWith("2"))
          .flatMap(([, response]) => Object.keys(response.content ?? {}));
        // The facts may add types a route also accepts in Accept (the DID document's), never drop one.
        expect(facts?.produces, `${method} ${path}`).toEqual(expect.arrayContaining(documented));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });
});

describe("route facts: the middleware follows them", () => {
  it("negotiation: an Accept none of a route's media types meets is a 406 naming exactly those types", async () => {
    // HEAD answers carry no body to read the problem from; the GET of the same route is checked.
    for (const route of table.routes().filter((r) => r.method !== "HEAD")) {
      const path = samplePath(route.path);
      const types = producedAt(route.facts ?? { produces: [] }, path);
      const response = await app.request(path, { method: route.method, headers: { accept: "application/x-none" } });
      const problem = await expectProblem(response, 406);
      expect(problem.detail, `${route.method} ${path}`).toBe(
        `this resource is available as ${types.join(" or ")} only (Accept was "application/x-none")`,
      );
    }
  });

  it("guard: a route that declares one answers 503 where its store is absent, 401 without a key where it is not", async () => {
    const withStores = createTestApp({
      records: new MemoryRecordStore(),
      subscriptions: new MemorySubscriptionStore(),
      apiKeys: adminKeys,
    }).app;
    const guarded = table.routes().filter((r) => r.facts?.guard);
    expect(guarded.length).toBeGreaterThanOrEqual(16);
    for (const route of guarded) {
      const init = { method: route.method };
      const path = samplePath(route.path);
      const absent = await expectProblem(await app.request(path, init), 503);
      expect(absent.detail, path).toContain("served by the origin");
      await expectProblem(await withStores.request(path, init), 401);
    }
    // And the routes that declare none are served without a key.
    for (const route of table.routes().filter((r) => !r.facts?.guard && r.method === "GET")) {
      const status = (await withStores.request(samplePath(route.path))).status;
      expect([401, 503], route.path).not.toContain(status);
    }
  });

  it("guard: every operation the OpenAPI document secures declares a guard, and no other does", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const honoPath = path.replace(/\{([^}]+)\}/g, ":$1");
        const facts = table.routes().find((r) => r.path === honoPath && r.method === method.toUpperCase())?.facts;
        expect(Boolean(facts?.guard), `${method} ${path}`).toBe(Boolean(operation.security?.length));
      }
    }
  });

  it("memo: a route declared memoised serves a repeat from the memo; one that is not runs again", async () => {
    const memoised = table.routes().filter((r) => r.facts?.memo);
    expect(memoised.map((r) => r.path)).toEqual(expect.arrayContaining(["/v1/schemes", "/about", "/matrix"]));
    for (const path of ["/v1/schemes", "/v1/arrangements", "/about"]) {
      await app.request(path);
      expect((await app.request(path)).headers.get("x-cache"), path).toBe("hit");
    }
    await app.request("/healthz");
    expect((await app.request("/healthz")).headers.get("x-cache")).toBeNull();
  });

  it("edge: the Worker forwards to the origin exactly the paths of routes that say so", () => {
    for (const route of mountedRoutes.routes()) {
      const path = samplePath(route.path);
      expect(ORIGIN_PATHS.test(path), path).toBe(route.facts?.edge === "origin");
    }
  });
});
