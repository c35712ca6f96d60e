import { Writable } from "node:stream";
import { parseNodeEnv } from "../../src/env.ts";
import { startServer } from "../../src/node-server.ts";

/**
 * The origin as src/node.ts starts it (src/node-server.ts: the app with the Node entry's compression, request-target
 * and body-timeout wiring), in this process, on a port the OS picks; its log lines dropped. For tests of what the
 * server answers on the wire; what only a separate process shows (signals, exit, a race between client and server
 * event loops) spawns it (test/helpers/spawn-server.ts).
 */
export async function startInProcess(
  env: Record<string, string> = {},
): Promise<{ origin: string; port: number; stop(): Promise<void> }> {
  const destination = new Writable({ write: (_chunk, _encoding, done) => done() });
  const server = await startServer({
    env: parseNodeEnv({ HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", ...env }),
    keys: [],
    destination,
  });
  const { port } = server.address;
  return { origin: `http://127.0.0.1:${port}`, port, stop: () => server.close() };
}
