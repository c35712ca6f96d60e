import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "../lib/types.ts";

/**
 * A response that leaves the request body unread (413, 415, 401, 405 …) says `Connection: close`. The rest of the
 * body is still on the socket: the server discards or resets it, and a pooled client that sent its next request down
 * that connection would see it fail. Closing tells the client to open a fresh one. Not on Workers, where the
 * platform owns connections.
 */
export function closeAfterUnreadBody(): MiddlewareHandler<AppEnv> {
  // A GET or HEAD has no body to leave unread, and on Workers there is no connection to close: those requests (most
  // of them) get next()'s own promise, without an async frame waiting on it (docs/decisions.md, Speed).
  return (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || c.get("deps").runtime === "workers") return next();
    return afterAnswer(c, next);
  };
}

/** After the answer to a request that may carry a body: `Connection: close` when the body was left unread. */
async function afterAnswer(c: Context<AppEnv>, next: Next): Promise<void> {
  await next();
  // A 413 stopped reading part-way (a chunked body is read until it overflows, which marks it used).
  if (c.req.raw.bodyUsed && c.res.status !== 413) return;
  const length = c.req.header("content-length");
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
  if (!hasBody) return;
  try {
    c.res.headers.set("Connection", "close");
  } catch {
    // An immutable response (a fetched one): copy it to set the header.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("Connection", "close");
  }
}
