import type { MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { createRouter } from "../../src/lib/create-router.ts";
import type { AppEnv } from "../../src/lib/types.ts";
import { negotiation } from "../../src/middleware/negotiation.ts";
import { routeGuard } from "../../src/middleware/route-guard.ts";
import { requestLineRules, routeRules } from "../../src/middleware/route-rules.ts";
import { closeAfterUnreadBody } from "../../src/middleware/unread-body.ts";

/**
 * The middleware every request passes and that has nothing to do after the route hand back next()'s own promise:
 * an async wrapper would cost each request a promise and two microtask turns per middleware (docs/decisions.md).
 */
describe("pass-through middleware returns next()'s promise itself", () => {
  const passedOn: Record<string, boolean> = {};
  /** Records whether `middleware` handed back the very promise its next() returned. */
  const watch =
    (name: string, middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
    (c, next) => {
      let inner: Promise<void> | undefined;
      const result = middleware(c, () => {
        inner = next();
        return inner;
      });
      passedOn[name] = inner !== undefined && result === inner;
      return result;
    };

  it("request-line rules, route rules and the route guard, on a request they let through", async () => {
    const app = createRouter();
    app.use("*", watch("requestLineRules", requestLineRules(app)));
    app.use("*", watch("routeRules", routeRules(app)));
    app.use("*", watch("routeGuard", routeGuard()));
    app.get("/x", (c) => c.text("ok"));
    const response = await app.request("/x");
    expect(await response.text()).toBe("ok");
    expect(passedOn).toMatchObject({ requestLineRules: true, routeRules: true, routeGuard: true });
  });

  it("the unread-body rule on a GET, and the negotiation on a route with one media type", async () => {
    const app = createRouter();
    app.use("*", (c, next) => {
      c.set("deps", { runtime: "node" } as AppEnv["Variables"]["deps"]);
      return next();
    });
    app.use("*", watch("closeAfterUnreadBody", closeAfterUnreadBody()));
    app.use(
      "*",
      watch(
        "negotiation",
        negotiation(() => ({ produces: ["text/plain"] })),
      ),
    );
    app.get("/x", (c) => c.text("ok"));
    const response = await app.request("/x");
    expect(await response.text()).toBe("ok");
    expect(passedOn).toMatchObject({ closeAfterUnreadBody: true, negotiation: true });
    // What they still do after the answer where it matters: a POST's unread body closes, two types vary on Accept.
    const both = createRouter();
    both.use("*", (c, next) => {
      c.set("deps", { runtime: "node" } as AppEnv["Variables"]["deps"]);
      return next();
    });
    both.use("*", closeAfterUnreadBody());
    both.use(
      "*",
      negotiation(() => ({ produces: ["application/json", "text/csv"] })),
    );
    both.post("/x", (c) => c.text("not read"));
    const posted = await both.request("/x", { method: "POST", body: "{}", headers: { "content-length": "2" } });
    expect(posted.headers.get("connection")).toBe("close");
    expect(posted.headers.get("vary")).toBe("Accept");
  });
});
