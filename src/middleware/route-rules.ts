import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { problemResponse } from "../lib/problem.ts";
import type { AppEnv } from "../lib/types.ts";

interface RouteEntry {
  method: string;
  path: string;
}

/**
 * The rules every route keeps, applied once in front of all of them so that a route added later inherits them. Two
 * middlewares: `requestLineRules` judges the request line before anything else (the negotiation's 406 and 414
 * included), `routeRules` runs after the negotiation.
 *
 * - dot segments: on Node the raw request target is checked, and a `.` or `..` segment (raw or percent-encoded) is
 *   a 400 — the URL parser would otherwise resolve it onto another route (`…/recognition/..` onto the record), whose
 *   methods a 405 would then name. Workers receive URLs already resolved by the platform;
 * - methods: a path that some route serves, asked with a method none serves, is 405 with `Allow` — the first thing
 *   wrong, so before an `Accept` the path cannot serve (406), authentication, content-type or body checks (OPTIONS
 *   included: there is no CORS preflight to answer);
 * - unknown paths under /v1: 404 before a wildcard middleware judges them;
 * - query parameters: a parameter the route's OpenAPI contract does not declare is a 400, on every documented route.
 *
 * `methodNotAllowed` may answer a 405 in another form (the web view's HTML page); when it returns undefined the
 * answer is the problem+json 405.
 */
export function requestLineRules(
  app: OpenAPIHono<AppEnv>,
  methodNotAllowed?: (c: Context<AppEnv>, allow: readonly string[]) => Promise<Response> | undefined,
): MiddlewareHandler<AppEnv> {
  const allowed = allowedMethods(app.routes);
  // Not async: returning next()'s promise spares every request a promise and two microtask turns (answers are
  // returned as settled promises).
  return (c, next) => {
    const target = (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url;
    if (target !== undefined && DOT_SEGMENT.test(target.split("?")[0] ?? "")) {
      return answer(
        problemResponse(c, 400, "the path holds a . or .. segment; name the resource directly", [
          { pointer: "/path", detail: "dot segments are not resolved" },
        ]),
      );
    }
    if (!handlerRoute(matchedRoutes(c))) {
      const methods = allowed(c.req.path);
      if (methods.length > 0 && !methods.includes(c.req.method)) {
        const page = methodNotAllowed?.(c, methods);
        if (page) return page;
        return answer(
          problemResponse(
            c,
            405,
            `${c.req.method} is not supported on ${c.req.path}; use ${methods.join(", ")}`,
            undefined,
            {
              Allow: methods.join(", "),
            },
          ),
        );
      }
    }
    return next();
  };
}

/** The rules after the negotiation: unknown paths under /v1 and undeclared query parameters (see requestLineRules). */
export function routeRules(app: OpenAPIHono<AppEnv>): MiddlewareHandler<AppEnv> {
  const allowed = allowedMethods(app.routes);
  let declared: Map<string, Set<string>> | undefined;
  // Not async, as requestLineRules.
  return (c, next) => {
    const route = handlerRoute(matchedRoutes(c));
    if (!route) {
      // No API route serves this path: answer now, before a wildcard middleware (bodies, authentication) judges it.
      // Only under /v1, where every route has a concrete path; elsewhere a wildcard may be a real handler (assets).
      if (allowed(c.req.path).length === 0 && c.req.path.startsWith("/v1/")) {
        return answer(problemResponse(c, 404, `no resource at ${c.req.path}`));
      }
      return next();
    }
    const query = c.req.url.indexOf("?");
    if (query >= 0) {
      declared ??= declaredQueryParameters(app);
      const names = declared.get(route.path);
      if (names) {
        for (const name of new URLSearchParams(c.req.url.slice(query + 1)).keys()) {
          if (!names.has(name)) {
            const detail = `unknown parameter "${name.slice(0, 100)}"`;
            return answer(
              problemResponse(c, 400, `/query/${escapePointer(name.slice(0, 100))}: ${detail}`, [
                { pointer: `/query/${escapePointer(name.slice(0, 100))}`, detail },
              ]),
            );
          }
        }
      }
    }
    return next();
  };
}

/** A middleware's answer as the promise Hono's middleware type expects, from a middleware that is not async. */
const answer = (response: Response): Promise<Response> => Promise.resolve(response);

/** `.` or `..` as a whole segment, raw or percent-encoded. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** The route that will answer (not a middleware): a method of its own and a concrete path. */
function handlerRoute(routes: readonly RouteEntry[]): RouteEntry | undefined {
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i] as RouteEntry;
    if (route.method !== "ALL" && !route.path.includes("*")) return route;
  }
  return undefined;
}

/** Query parameter names each documented route declares, by its Hono path (`/v1/schemes/:schemeId`). */
function declaredQueryParameters(app: OpenAPIHono<AppEnv>): Map<string, Set<string>> {
  const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "" } });
  const map = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const honoPath = path.replace(/\{([^}]+)\}/g, ":$1");
    const names = map.get(honoPath) ?? new Set<string>();
    for (const operation of Object.values(item ?? {})) {
      const parameters = (operation as { parameters?: { in?: string; name?: string }[] })?.parameters ?? [];
      for (const p of parameters) if (p.in === "query" && p.name) names.add(p.name);
    }
    map.set(honoPath, names);
  }
  return map;
}

/** Methods registered for a concrete path (middleware on wildcard paths excluded), for 405 answers with `Allow`. */
export function allowedMethods(routes: readonly RouteEntry[]): (path: string) => string[] {
  let compiled: { method: string; pattern: RegExp }[] | undefined;
  return (path) => {
    compiled ??= routes
      .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => ({
        method: r.method,
        pattern: new RegExp(`^${r.path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+")}$`),
      }));
    const methods = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

function escapePointer(part: string): string {
  return part.replace(/~/g, "~0").replace(/\//g, "~1");
}
