import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/**
 * A request body that arrived whole with its head (most JSON bodies: the client writes head and body at once) is
 * handed to the app as bytes: taken from the request stream's buffer into `incoming.rawBody`, which @hono/node-server
 * reads before the stream (the way platforms that read bodies themselves, such as Cloud Functions, hand them over).
 * The app then reads the body through the adapter's byte path rather than its stream, and the body rules can check
 * those bytes without reading them a second time (src/middleware/body-rules.ts). Nothing else changes: a body still
 * arriving, a chunked one or one without a Content-Length goes to the app as a stream, as before, and the app alone
 * decides what to answer — a declared length over a route's limit is still a 413 without reading, a body that stalls
 * is still answered 408 by src/node-body-timeout.ts (a body that has arrived cannot stall).
 */
export function handArrivedBodies(listener: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const length = declaredLength(request);
    if (length === undefined) {
      listener(request, response);
      return;
    }
    // Node's parser emits the request at the end of the head and pushes the body's bytes from the same read after
    // it returns; a microtask later they are in the stream's buffer.
    queueMicrotask(() => {
      takeArrivedBody(request, length);
      listener(request, response);
    });
  };
}

/**
 * Whether all of the body's declared bytes are in the request stream's buffer (true from the microtask after the
 * request event for a body written with its head; src/node-body-timeout.ts asks it before arming its idle timer).
 */
export function bodyArrived(request: IncomingMessage): boolean {
  const length = declaredLength(request);
  return length !== undefined && request.readableLength === length;
}

/** The body's declared length, where one is declared (no Transfer-Encoding) and the method carries a body. */
function declaredLength(request: IncomingMessage): number | undefined {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  if (request.headers["transfer-encoding"] !== undefined) return undefined;
  const header = request.headers["content-length"];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  const length = Number(header);
  return length > 0 && Number.isSafeInteger(length) ? length : undefined;
}

/**
 * Moves the body into `rawBody` when all its declared bytes are buffered (the parser never buffers more than the
 * Content-Length); otherwise leaves the stream untouched.
 */
function takeArrivedBody(request: IncomingMessage, length: number): void {
  if (request.readableLength !== length || request.readableFlowing || request.destroyed) return;
  const body: unknown = request.read();
  if (!(body instanceof Buffer) || body.length !== length) return;
  Object.assign(request, { rawBody: body });
  // Nothing is left to read: flowing lets the stream end (and emit "end") as soon as the parser ends the message.
  request.resume();
}
