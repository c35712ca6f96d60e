import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { Principal } from "../auth/api-keys.ts";
import type { AppEnv } from "./types.ts";

/**
 * What the middleware in front of a route needs to know about it, declared with the route (its `createRoute`
 * contract, or its line in the web router) and read from the route the request matched — never from a list of paths
 * kept elsewhere. Adding a route means writing its path once.
 */
export interface RouteFacts {
  /**
   * The media types the route answers in. An `Accept` that admits none of them is a 406; more than one adds
   * `Vary: Accept`. Contract routes derive it from their success responses (src/routes/define-route.ts).
   */
  produces: readonly string[];
  /** Where the last path segment's suffix picks the representation (`{id}.svg`): the types for that suffix. */
  bySuffix?: Readonly<Record<string, readonly string[]>>;
  /**
   * The answer is a pure function of (catalog digest, day, URL) — `catalog` — or of those and the reader's language —
   * `page`: the app keeps finished 200 answers and serves repeats without running the route (middleware/response-memo).
   */
  memo?: "catalog" | "page";
  /** The route needs a store this deployment may lack (503 naming the origin) and an API key with one of `roles`. */
  guard?: { store: "records" | "subscriptions"; roles: readonly Principal["role"][] };
  /**
   * At the edge Worker: `origin` — forwarded to the origin, which holds the store; `private` — answered by the Worker
   * but never kept in the data centre's shared cache (credentials, keys, the verify page).
   */
  edge?: "origin" | "private";
  /** A page of the web view: a browser asking it with a method it does not serve gets an HTML 405. */
  page?: true;
}

const FACTS = Symbol("route facts");
type FactsMarker = MiddlewareHandler<AppEnv> & { [FACTS]: RouteFacts };

/**
 * The facts as a middleware registered on the route itself (first in its `middleware`, or first handler of a plain
 * route): it does nothing when run, but Hono lists it among the request's matched routes, so the app's middleware can
 * read the facts of the route that will answer — before that route runs.
 */
export function routeFacts(facts: RouteFacts): FactsMarker {
  const marker = ((_c, next) => next()) as FactsMarker;
  marker[FACTS] = facts;
  return marker;
}

function factsIn(handler: unknown): RouteFacts | undefined {
  return typeof handler === "function" ? (handler as Partial<FactsMarker>)[FACTS] : undefined;
}

const perRequest = new WeakMap<object, RouteFacts | null>();

/** The facts of the route this request matched (method and path), or undefined where no route serves it. */
export function factsOf(c: Context): RouteFacts | undefined {
  const known = perRequest.get(c.req);
  if (known !== undefined) return known ?? undefined;
  let found: RouteFacts | undefined;
  for (const route of matchedRoutes(c)) {
    found = factsIn(route.handler);
    if (found) break;
  }
  perRequest.set(c.req, found ?? null);
  return found;
}

/** The media types answered at `path` by a route with these facts (its suffix variant, if the path has one). */
export function producedAt(facts: RouteFacts, path: string): readonly string[] {
  if (facts.bySuffix) {
    for (const [suffix, types] of Object.entries(facts.bySuffix)) if (path.endsWith(suffix)) return types;
  }
  return facts.produces;
}

interface RegisteredRoute {
  method: string;
  path: string;
  handler: unknown;
}

export interface RouteTable {
  /** Every registered route (method and Hono path) with its facts; `facts` is undefined for a route without any. */
  routes(): { method: string; path: string; facts: RouteFacts | undefined }[];
  /** The facts of every route whose path matches `path`, whatever its method. */
  at(path: string): RouteFacts[];
}

/**
 * The facts of a set of registered routes (an app's or routers' `.routes`), by path: for decisions taken where no
 * route matched the request's method (the 405 page) or before the app runs (the edge's forwarding and cache).
 */
export function routeTable(registered: () => readonly RegisteredRoute[]): RouteTable {
  let compiled: { method: string; path: string; pattern: RegExp; facts: RouteFacts | undefined }[] | undefined;
  const compile = () => {
    if (compiled) return compiled;
    const handlers = registered().filter((r) => r.method !== "ALL" && !r.path.includes("*"));
    const byRoute = new Map<string, { method: string; path: string; facts: RouteFacts | undefined }>();
    for (const r of handlers) {
      const key = `${r.method} ${r.path}`;
      const entry = byRoute.get(key) ?? { method: r.method, path: r.path, facts: undefined };
      entry.facts ??= factsIn(r.handler);
      byRoute.set(key, entry);
    }
    compiled = [...byRoute.values()].map((r) => ({ ...r, pattern: pathPattern(r.path) }));
    return compiled;
  };
  return {
    routes: () => compile().map(({ method, path, facts }) => ({ method, path, facts })),
    at: (path) => compile().flatMap((r) => (r.facts && r.pattern.test(path) ? [r.facts] : [])),
  };
}

/** A Hono path (`/v1/records/:scheme/:registrationId`) as a regular expression over request paths. */
export function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+")}$`);
}
