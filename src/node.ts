import cluster from "node:cluster";
import catalog from "../generated/catalog.js";
import { ConfigError } from "./env.ts";
import { runPrimary } from "./node-primary.ts";
import { startServer } from "./node-server.ts";
import { loadConfiguration } from "./start-config.ts";

/**
 * Node entry (origin): parses the environment once, starts the server (src/node-server.ts) and turns signals into
 * its graceful shutdown; with WORKERS > 1 it supervises that many such processes. A bad configuration ends the process with one line per problem, and no stack trace.
 */
async function main(): Promise<void> {
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const config = loadConfiguration(
      process.env,
      catalog.schemes.map((s) => s.id),
    );
    // WORKERS > 1: this process only forks and supervises (src/node-primary.ts); each worker runs main() again.
    if (cluster.isPrimary && config.env.WORKERS > 1) {
      const log = (message: string) => process.stderr.write(`kakehashi: ${message}\n`);
      runPrimary({ workers: config.env.WORKERS, graceMs: config.env.SHUTDOWN_GRACE_MS, log });
      return;
    }
    server = await startServer(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`kakehashi: configuration: ${line}\n`);
    process.exit(1);
  }
  // SIGTERM / SIGINT: drain, then exit 0 within SHUTDOWN_GRACE_MS whatever clients do (src/node-shutdown.ts).
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.beginShutdown(signal));
  const code = await server.closed;
  process.exit(code);
}

await main();
