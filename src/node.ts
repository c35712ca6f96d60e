import { serve } from "@hono/node-server";
import pino from "pino";
import catalog from "../generated/catalog.js";
import docsAssets from "../generated/docs-assets.js";
import { createApp } from "./app.ts";
import { CatalogIndex } from "./catalog/catalog-index.ts";
import { systemClock } from "./deps.ts";
import { parseNodeEnv } from "./env.ts";

/**
 * Node entry (origin): parses the environment once, builds the dependencies and serves the app. The catalog is the
 * compiled bundle (npm run build), the same one the Worker imports.
 */
const env = parseNodeEnv(process.env);
const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: "kakehashi" },
  redact: { paths: ["req.headers.authorization", "headers.authorization"], censor: "[redacted]" },
});

const app = createApp({
  catalog: new CatalogIndex(catalog),
  logger,
  clock: systemClock,
  docsAssets,
  runtime: "node",
});

const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => {
  logger.info({ address: info.address, port: info.port, catalog: catalog.digest }, "kakehashi listening");
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    server.close(() => process.exit(0));
  });
}
