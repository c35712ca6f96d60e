import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { answerEarly } from "./node-early-answer.ts";

/**
 * Node's HTTP parser refuses some requests before the app sees them — a raw space in the path, headers or a request
 * line over Node's 16 KiB limit — and by default answers them with an empty body. This handler (the server's
 * `clientError` listener) answers them with the same RFC 9457 problem+json as the app, then closes the connection.
 * A request whose body breaks part-way (after the app has started on it) is answered the same way through its own
 * response. What it cannot answer: a socket that is already gone, or one the server had started writing a response
 * to — those are simply closed.
 */
const statuses: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    "request-header-fields-too-large",
    "Request header fields too large",
    "the request line and headers are larger than the server accepts (16 KiB)",
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "request-timeout", "Request timeout", "the request was not received in time"],
  ERR_HTTP_HEADERS_TIMEOUT: [
    408,
    "request-timeout",
    "Request timeout",
    "the request headers were not received in time",
  ],
};

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (inFlight) {
    // The head was fine and the app is reading the body when its framing breaks (a chunk size that is not hex, a
    // chunk longer than announced): the request's own response carries the answer.
    answerEarly(inFlight, {
      status: 400,
      slug: "bad-request",
      title: "Bad request",
      detail: `the request body's framing is not valid HTTP (${framingProblem(error.code)}); nothing was changed`,
    });
    return;
  }
  const [status, slug, title, detail] = statuses[error.code ?? ""] ?? [
    400,
    "bad-request",
    "Bad request",
    "the request is not valid HTTP (for example a raw space or control character in the path: percent-encode it)",
  ];
  endWithProblem(socket, status, slug, title, detail);
}

/**
 * CONNECT asks for a tunnel, which this server (not a proxy) never opens. Node hands such requests to a `connect`
 * listener and, without one, drops the connection unanswered; this listener answers 405 — with an empty `Allow`:
 * no method applies to an authority target.
 */
export function answerConnect(_request: unknown, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  endWithProblem(socket, 405, "method-not-allowed", "Method not allowed", "CONNECT: this server is not a proxy", {
    Allow: "",
  });
}

function endWithProblem(
  socket: Socket,
  status: number,
  slug: string,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ type: `urn:kakehashi:problem:${slug}`, title, status, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      "Content-Type: application/problem+json\r\n" +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("") +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
}

/** Node's parser codes for a body that breaks part-way, in words a client's developer can act on. */
function framingProblem(code: string | undefined): string {
  if (code === "HPE_INVALID_CHUNK_SIZE") return "a chunk size is not a hexadecimal number";
  if (code === "HPE_STRICT" || code === "HPE_CR_EXPECTED" || code === "HPE_LF_EXPECTED")
    return "a chunk is not followed by CRLF";
  return `parser error ${code ?? "unknown"}`;
}
