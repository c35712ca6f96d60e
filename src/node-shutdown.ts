import type { IncomingMessage, Server, ServerResponse } from "node:http";

/**
 * Shutdown with a deadline for the Node entry. `server.close()` alone waits for every connection to end, so one
 * client holding a half-sent body keeps the process alive indefinitely, and keep-alive clients go on being served.
 * Here, once draining starts:
 * - the listener stops accepting and idle keep-alive connections are closed;
 * - every response not yet started, and every request still arriving on an open connection, says
 *   `Connection: close`, so clients move to another instance after their current request;
 * - what is in flight may finish until shortly before the deadline; then every remaining connection (a stalled
 *   upload, a slow reader) is destroyed;
 * - `cleanup` (closing Redis, flushing logs) runs once the server has closed, and the process exits 0 by the deadline
 *   whatever a client or a dependency does.
 * `draining()` is what /readyz reads, so a load balancer stops sending as soon as draining starts.
 */
export interface Shutdown {
  draining(): boolean;
  /** Starts draining (idempotent); the process exits 0 within graceMs. */
  begin(): void;
}

export function shutdownWithDeadline(
  server: Server,
  options: {
    graceMs: number;
    /** Runs once the server has closed (or connections were cut at the deadline); bounded by what is left. */
    cleanup: () => Promise<void>;
    /** The last thing that runs; process.exit in the entry. */
    exit: (code: number) => void;
  },
): Shutdown {
  let draining = false;
  const open = new Set<ServerResponse>();
  // Before the app's listener, so that a response written synchronously still carries the header.
  server.prependListener("request", (_request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.shouldKeepAlive = false;
    open.add(response);
    response.once("close", () => open.delete(response));
  });

  const begin = () => {
    if (draining) return;
    draining = true;
    for (const response of open) if (!response.headersSent) response.shouldKeepAlive = false;
    let finishing = false;
    const finish = () => {
      if (finishing) return;
      finishing = true;
      void options
        .cleanup()
        .catch(() => {})
        .finally(() => options.exit(0));
    };
    server.close(() => finish());
    server.closeIdleConnections();
    // In-flight work gets most of the grace period; what still holds a connection then is cut, leaving a margin
    // for cleanup; at the deadline the process exits whether or not cleanup has finished.
    const margin = Math.min(1000, Math.floor(options.graceMs / 4));
    setTimeout(() => {
      server.closeAllConnections();
      finish();
    }, options.graceMs - margin).unref();
    // Unref'd: they bound the shutdown without keeping an in-process server's host (a test) alive once it is done.
    setTimeout(() => options.exit(0), options.graceMs).unref();
  };
  return { draining: () => draining, begin };
}
