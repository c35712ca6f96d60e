import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/types.ts";

/**
 * A response that leaves the request body unread (413, 415, 401, 405 …) says `Connection: close`. The rest of the
 * body is still on the socket: the server discards or resets it, and a pooled client that sent its next request down
 * that connection would see it fail. Closing tells the client to open a fresh one. Not on Workers, where the
 * platform owns connections.
 */
export function closeAfterUnreadBody(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || c.get("deps").runtime === "workers") return;
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
  };
}
