/**
 * The request body's bytes when the Node entry took them whole from the socket before the app ran
 * (src/node-arrived-body.ts: @hono/node-server's `incoming.rawBody`, reached as Hono's `c.env.incoming`); undefined on
 * Workers, in `app.request` and for a body still arriving, which the app reads as a stream.
 */
export function arrivedBody(env: unknown): Uint8Array | undefined {
  const body = (env as { incoming?: { rawBody?: unknown } } | undefined)?.incoming?.rawBody;
  return body instanceof Uint8Array ? body : undefined;
}
