import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { RequestError } from "@hono/node-server";
import { PROBLEM_TYPE_BASE } from "./lib/problem.ts";

/**
 * Requests the app never sees, refused before a Request can be built — an HTTP/1.1 request without Host, a target
 * that is not a path (`*`), a backslash in the path, a Host that is not a host name — get the same RFC 9457
 * problem+json 400 as the app's own answers, instead of Node's or the adapter's empty 400. The connection is closed
 * after it: what else the client sends on it is not to be trusted.
 */
function problem(status: 400 | 500, detail: string): { body: string; headers: Record<string, string> } {
  const [slug, title] = status === 400 ? ["bad-request", "Bad request"] : ["internal", "Internal server error"];
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail });
  return { body, headers: { "Content-Type": "application/problem+json", Connection: "close" } };
}

/** Why this request's line or Host cannot be served, or undefined when they are fine. */
function refusal(request: IncomingMessage): string | undefined {
  // RFC 9112 §3.2. Node checks it only with an empty answer (the server is created with requireHostHeader: false so
  // that the answer is this one); HTTP/1.0 without Host — some load balancers' health checks — is served.
  if (request.httpVersion === "1.1" && request.headers.host === undefined) {
    return "an HTTP/1.1 request needs a Host header";
  }
  const target = request.url ?? "";
  const absolute = /^https?:\/\//i.test(target);
  if (!target.startsWith("/") && !absolute) {
    return `the request target must be a path starting with / (it was "${target.slice(0, 40)}")`;
  }
  const path = target.split("?")[0] ?? "";
  if (path.includes("\\")) return "the path contains a backslash: write / or percent-encode it as %5C";
  return undefined;
}

/** Wraps the adapter's listener with the checks above. */
export function requestTargetRules(listener: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const refused = refusal(request);
    if (refused === undefined) {
      listener(request, response);
      return;
    }
    const { body, headers } = problem(400, refused);
    response.writeHead(400, { ...headers, "Content-Length": Buffer.byteLength(body) });
    response.end(body);
  };
}

/**
 * The adapter's errorHandler: its RequestError (no URL could be built: in practice a Host that is not a host name) is
 * a 400 problem. Anything else reaching it escaped the app's own error handler: a generic 500 problem.
 */
export function answerRequestError(error: unknown): Response {
  const { body, headers } =
    error instanceof RequestError
      ? problem(400, "the Host header and request target do not make a valid URL")
      : problem(500, "an unexpected error occurred");
  return new Response(body, { status: error instanceof RequestError ? 400 : 500, headers });
}
