import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { type RouteFacts, routeFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";
import { bodyRules } from "../middleware/body-rules.ts";

/** What a route declares beside its contract: its facts (src/lib/route-facts.ts), and how its body is read. */
export interface RouteDeclaration {
  /** The facts; `produces` defaults to the media types of the success responses (JSON where they have no body). */
  facts?: Partial<RouteFacts>;
  /** The body's media types and size limit: the one reading step every body passes (middleware/body-rules.ts). */
  body?: { types: string | readonly string[]; maxBytes: number };
}

/**
 * `createRoute` with everything else about the route in the same place: the facts the app's middleware reads from the
 * matched route (media types, memo, guard, edge) and the body rules, both registered on the route itself through its
 * `middleware` — so nothing outside the route names its path.
 */
export function defineRoute<P extends string, R extends Omit<RouteConfig, "path" | "middleware"> & { path: P }>(
  config: R & RouteDeclaration,
) {
  const { facts, body, ...contract } = config;
  const middleware: MiddlewareHandler<AppEnv>[] = [
    routeFacts({ produces: successTypes(contract.responses), ...facts }),
    ...(body ? bodyRules(body.types, body.maxBytes) : []),
  ];
  return createRoute({ ...contract, middleware });
}

/** The media types of a contract's 2xx responses; a route whose successes have no body still answers problems in JSON. */
export function successTypes(responses: RouteConfig["responses"]): string[] {
  const types = new Set<string>();
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    for (const type of Object.keys((response as { content?: object }).content ?? {})) types.add(type);
  }
  return types.size > 0 ? [...types] : ["application/json"];
}
