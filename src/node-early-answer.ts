import type { ServerResponse } from "node:http";

/**
 * An answer the Node server gives on the app's behalf while the app is still reading the request body — a body that
 * stopped arriving (408), or one whose framing broke part-way (400, a bad chunk size). The answer goes out through the
 * request's own response object, with `Connection: close`; the body the app is waiting on is then ended with the error
 * Node gives a body cut short, so the app's pending read fails as a client abort instead of waiting forever. The app's
 * request log line reads the status that went out (src/middleware/request-context.ts).
 */
export function answerEarly(
  response: ServerResponse,
  problem: { status: number; slug: string; title: string; detail: string },
): void {
  const body = JSON.stringify({
    type: `urn:kakehashi:problem:${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
  });
  response.shouldKeepAlive = false;
  response.writeHead(problem.status, {
    "Content-Type": "application/problem+json",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  response.end(body);
  // The app still answers later — a 499 for the abort it is about to see — through the adapter, which writes without
  // asking whether a response went out. The client already has this one: the late answer goes nowhere.
  const ignored = () => response;
  Object.assign(response, { writeHead: ignored, write: () => true, end: ignored });
  // Node forgets a request once its answer is out, so a connection closing later never ends this body.
  const request = response.req;
  request.socket.once("close", () => request.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
}
