import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";

/**
 * Lingering close for answers sent before the request body was read (413, 415, 401 …, which say
 * `Connection: close`). Node closes such a connection as soon as the answer is written; the client is still sending,
 * the unread bytes make the kernel reset the connection, and clients that write the whole body before they read —
 * Node's fetch and node:http among them — report EPIPE or ECONNRESET instead of the status. So, as nginx and Apache
 * do: send the answer, half-close (FIN), then go on reading and discarding what the client sends until it closes its
 * side, and only then close — bounded in bytes and in time (total and between reads), so a client cannot hold the
 * socket open by it. Connections whose request was read in full close at once, as before.
 */
export interface LingerLimits {
  /** Most bytes read and discarded after the answer (default 64 MiB, well over any route's body limit). */
  maxBytes: number;
  /** Longest the connection is held after the answer (default 10 s). */
  maxMs: number;
  /** Longest the client may send nothing before the connection is closed (default 2 s). */
  idleMs: number;
}

const defaults: LingerLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000, idleMs: 2_000 };
const current = Symbol("kakehashi.currentRequest");
type Tracked = Socket & { [current]?: IncomingMessage };

export function lingerAfterEarlyAnswers(server: Server, limits: Partial<LingerLimits> = {}): void {
  const { maxBytes, maxMs, idleMs } = { ...defaults, ...limits };
  // Before the app's listener: the request a socket is serving, so its close can tell whether the body was read.
  server.prependListener("request", (request: IncomingMessage) => {
    (request.socket as Tracked)[current] = request;
  });
  server.on("connection", (socket: Tracked) => {
    const destroySoon = socket.destroySoon.bind(socket);
    let lingering = false;
    // Node's HTTP server calls destroySoon once a `Connection: close` answer is written (as does @hono/node-server
    // when it gives up draining a body): the one place to decide between closing now and lingering.
    socket.destroySoon = () => {
      if (lingering) return;
      const request = socket[current];
      if (!request || request.complete || socket.destroyed) {
        destroySoon();
        return;
      }
      lingering = true;
      const start = socket.bytesRead;
      // A bound reached: close now, whatever is unread.
      const cut = () => socket.destroy();
      const deadline = setTimeout(cut, maxMs);
      deadline.unref();
      socket.setTimeout(idleMs, cut);
      socket.once("close", () => clearTimeout(deadline));
      // Discard the rest of the body; the parser keeps consuming the socket while the request is read.
      request.on("data", () => {
        if (socket.bytesRead - start > maxBytes) cut();
      });
      request.resume();
      // Nothing left unread (the whole body arrived, or the client closed its side): close once the answer is out.
      request.once("end", destroySoon);
      socket.once("end", destroySoon);
      socket.end(); // FIN after the answer: the client knows no more is coming
    };
  });
}
