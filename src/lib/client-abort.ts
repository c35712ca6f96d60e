import type { Context } from "hono";

/**
 * A client that goes away mid-request (closes the connection while its body is being read, or before the answer is
 * written) is not a server fault. Its request is answered — to no one — with nginx's 499 "client closed request", so
 * that the one request log line says what happened, at info, with no stack and no error-level alert.
 */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Whether this error is the client's disconnect: the request's signal aborted (@hono/node-server aborts it when the
 * connection closes before the answer is written), or Node's own "aborted" reset of a request body being read.
 */
export function isClientAbort(error: Error, c: Context): boolean {
  const code = (error as Error & { code?: unknown }).code;
  return c.req.raw.signal.aborted || (code === "ECONNRESET" && error.message === "aborted");
}

export function clientClosedResponse(): Response {
  return new Response(null, { status: CLIENT_CLOSED_REQUEST });
}

/**
 * The status the Node server already sent for this request, if it answered on the app's behalf while the app was
 * reading the body (a 408 for a stalled body, a 400 for broken framing — src/node-early-answer.ts). The app then sees
 * only the abort; the log line should say what the client received. On Workers there is no such response: undefined.
 */
export function answeredOutsideApp(env: unknown): number | undefined {
  const outgoing = (env as { outgoing?: { headersSent?: unknown; statusCode?: unknown } } | undefined)?.outgoing;
  return outgoing?.headersSent === true && typeof outgoing.statusCode === "number" ? outgoing.statusCode : undefined;
}
