import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";

/**
 * An app on @hono/node-server, as `npm start` serves it, on a loopback port the OS picks. `server` is there for
 * wiring what src/node.ts wires (e.g. its clientError handler); stop() closes it.
 */
export async function serveApp(app: {
  fetch: (request: Request) => Response | Promise<Response>;
}): Promise<{ origin: string; port: number; server: ServerType; stop(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
