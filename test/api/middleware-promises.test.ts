import type { MiddlewareHandler } from "hono";
import { describe, expect, it } from "vitest";
import { createRouter } from "../../src/lib/create-router.ts";
import type { AppEnv } from "../../src/lib/types.ts";
import { routeGuard } from "../../src/middleware/route-guard.ts";
import { requestLineRules, routeRules } from "../../src/middleware/route-rules.ts";

/**
 * The middleware every request passes and that has nothing to do after the route hand back next()'s own promise:
 * an async wrapper would cost each request a promise and two microtask turns per middleware (docs/decisions.md).
 */
describe("pass-through middleware returns next()'s promise itself", () => {
  it("request-line rules, route rules and the route guard, on a request they let through", async () => {
    const app = createRouter();
    const passedOn: Record<string, boolean> = {};
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
    app.use("*", watch("requestLineRules", requestLineRules(app)));
    app.use("*", watch("routeRules", routeRules(app)));
    app.use("*", watch("routeGuard", routeGuard()));
    app.get("/x", (c) => c.text("ok"));
    const response = await app.request("/x");
    expect(await response.text()).toBe("ok");
    expect(passedOn).toEqual({ requestLineRules: true, routeRules: true, routeGuard: true });
  });
});
