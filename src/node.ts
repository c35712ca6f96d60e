import catalog from "../generated/catalog.js";
import { ConfigError } from "./env.ts";
import { startServer } from "./node-server.ts";
import { loadConfiguration } from "./start-config.ts";

/**
 * Node entry (origin): parses the environment once, starts the server (src/node-server.ts) and turns signals into
 * its graceful shutdown. A bad configuration ends the process with one line per problem, and no stack trace.
 */
async function main(): Promise<void> {
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const config = loadConfiguration(
      process.env,
      catalog.schemes.map((s) => s.id),
    );
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
