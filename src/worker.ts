import catalog from "../generated/catalog.js";
import docsAssets from "../generated/docs-assets.js";
import { createApp } from "./app.ts";
import { AnswerCache } from "./cache/answer-cache.ts";
import { CatalogIndex } from "./catalog/catalog-index.ts";
import { type Logger, systemClock } from "./deps.ts";
import { forwardToOrigin, ORIGIN_PATHS } from "./edge/forward.ts";

/**
 * Workers entry (edge): the bundled catalog and JSON console logging (pino's browser build drops fields on workerd;
 * docs/architecture.md, "Runtime constraints"). Built once per isolate and reused across requests — the app holds no
 * per-request state and no connections.
 */
const consoleLogger: Logger = {
  info: (fields, message) =>
    console.log(JSON.stringify({ level: "info", ...fields, ...(message ? { msg: message } : {}) })),
  warn: (fields, message) =>
    console.warn(JSON.stringify({ level: "warn", ...fields, ...(message ? { msg: message } : {}) })),
  error: (fields, message) =>
    console.error(JSON.stringify({ level: "error", ...fields, ...(message ? { msg: message } : {}) })),
};

const app = createApp({
  catalog: new CatalogIndex(catalog),
  // Isolate memory only: ioredis cannot keep a connection across requests in workerd (docs/architecture.md).
  answers: AnswerCache.inMemory(consoleLogger, { maxEntries: 500, maxChars: 16_000_000 }),
  logger: consoleLogger,
  clock: systemClock,
  docsAssets,
  runtime: "workers",
});

/** Worker bindings: `ORIGIN_URL` (a var in wrangler.toml) names the Node origin that serves records. */
interface Env {
  ORIGIN_URL?: string;
}

export default {
  fetch(request: Request, env: Env, ctx: Parameters<typeof app.fetch>[2]): Response | Promise<Response> {
    if (env.ORIGIN_URL && ORIGIN_PATHS.test(new URL(request.url).pathname))
      return forwardToOrigin(request, env.ORIGIN_URL);
    // Without an origin, the app answers these paths with a 503 problem that says where records live.
    return app.fetch(request, env, ctx);
  },
};
