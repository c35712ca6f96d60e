import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps.ts";
import { answeredOutsideApp, CLIENT_CLOSED_REQUEST } from "../lib/client-abort.ts";
import type { AppEnv } from "../lib/types.ts";

const incomingId = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Puts the dependencies and a request id on the context, and writes the one structured log line per request
 * (request id, route, status, duration, cache outcome) once the response is known. A well-formed incoming
 * `X-Request-Id` is kept so that a partner can correlate their logs with ours.
 */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given && incomingId.test(given) ? given : crypto.randomUUID();
    c.set("deps", deps);
    c.set("requestId", requestId);
    await next();
    c.res.headers.set("x-request-id", requestId);
    const cache = c.get("cacheOutcome");
    const answered = c.res.status === CLIENT_CLOSED_REQUEST ? answeredOutsideApp(c.env) : undefined;
    const line = {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      path: c.req.path,
      status: answered ?? c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(cache ? { cache } : {}),
    };
    if (answered !== undefined) deps.logger.info(line, "answered by the server while the body was read");
    else if (c.res.status === CLIENT_CLOSED_REQUEST) deps.logger.info(line, "request aborted by the client");
    else deps.logger.info(line);
  };
}
