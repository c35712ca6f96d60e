import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { bodyArrived } from "./node-arrived-body.ts";
import { answerEarly } from "./node-early-answer.ts";

/**
 * A request body that stops arriving. Node's own bound is `requestTimeout` (300 s for the whole request, checked every
 * 30 s), and when it fires after the app has started on the request it drops the connection without an answer. Here,
 * once nothing of a body has arrived for `idleMs`, the request is answered 408 (problem+json, `Connection: close`)
 * and the connection then closes through the lingering close (src/node-lingering-close.ts): a client still sending
 * reads the 408, a silent one is cut after the linger's idle bound. A body that keeps arriving, however slowly in
 * all, is never cut: the clock restarts with every read from the socket.
 */
export function answerStalledBodies(server: Server, options: { idleMs: number; onStall?: () => void }): void {
  // Before the app's listener, so that the guard is in place before the app starts reading.
  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    if (!hasBody(request)) return;
    // A microtask later the bytes that came with the head are in the stream's buffer: a body that is all there cannot
    // stall, and is spared the timer and its listeners (this microtask runs before src/node-arrived-body.ts takes it).
    // An answer already given (a request the Node entry refused at once) needs no guard either.
    queueMicrotask(() => {
      if (!bodyArrived(request) && !response.writableEnded) guard(request, response);
    });
  });

  function guard(request: IncomingMessage, response: ServerResponse) {
    const stalled = () => {
      disarm();
      options.onStall?.();
      if (response.headersSent || response.writableEnded) {
        request.socket.destroy();
        return;
      }
      answerEarly(response, {
        status: 408,
        slug: "request-timeout",
        title: "Request timeout",
        detail: `the request body stopped arriving: nothing was received for ${options.idleMs} ms`,
      });
    };
    // IncomingMessage#setTimeout is the socket's idle timer, restarted by Node on every read from the socket; a
    // listener on the request keeps Node from destroying the socket on its own when it fires.
    const disarm = () => {
      request.off("timeout", stalled);
      // Still the request's timer (the answer is not out yet, so Node has not set the keep-alive one): stop it.
      if (!response.writableFinished && !request.socket.destroyed) request.socket.setTimeout(0);
    };
    request.setTimeout(options.idleMs, stalled);
    request.once("end", disarm);
    // Answered without reading the body (413, 401 …): the lingering close bounds the rest from here.
    response.once("finish", () => request.off("timeout", stalled));
    response.once("close", () => request.off("timeout", stalled));
  }
}

/** A body follows the head: a positive Content-Length, or any Transfer-Encoding (chunked). */
function hasBody(request: IncomingMessage): boolean {
  if (request.headers["transfer-encoding"] !== undefined) return true;
  const length = request.headers["content-length"];
  return length !== undefined && length !== "0";
}
