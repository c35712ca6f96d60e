import catalogDigest from "../generated/catalog-digest.js";
import { createApp } from "./app.ts";
import { AnswerCache } from "./cache/answer-cache.ts";
import { CatalogIndex } from "./catalog/catalog-index.ts";
import type { Catalog } from "./catalog/model.ts";
import { ConfigError } from "./config-error.ts";
import { lazyCredentials } from "./credentials/config.ts";
import { IssuedCredentials } from "./credentials/issued.ts";
import { type Logger, systemClock } from "./deps.ts";
import { loadCatalogAsset } from "./edge/catalog-asset.ts";
import { type EdgeCacheStore, edgeCache } from "./edge/edge-cache.ts";
import { forwardToOrigin, ORIGIN_PATHS } from "./edge/forward.ts";
import { kvCache } from "./edge/kv-cache.ts";
import { parseWorkerEnv, type WorkerEnv } from "./edge/worker-env.ts";

/**
 * Workers entry (edge): the catalog fetched once per isolate from the static assets (src/edge/catalog-asset.ts) and
 * JSON console logging (pino's browser build drops fields on workerd;
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

// Bindings are only readable inside a request: the latest request's parsed env is kept for the credential keys.
let bindings: WorkerEnv | undefined;
function buildApp(catalog: Catalog) {
  return createApp({
    catalog: new CatalogIndex(catalog),
    // Isolate memory only: ioredis cannot keep a connection across requests in workerd (docs/architecture.md).
    answers: AnswerCache.inMemory(consoleLogger, { maxEntries: 500, maxBytes: 32_000_000 }),
    logger: consoleLogger,
    clock: systemClock,
    // No docsAssets: the stylesheet and Swagger UI's files are static assets (wrangler.toml [assets]), not script.
    // The signing key is a secret (`wrangler secret put CREDENTIAL_SIGNING_KEY`), loaded on first use.
    credentials: lazyCredentials(() => ({
      signingKey: bindings?.CREDENTIAL_SIGNING_KEY,
      publishedKeys: bindings?.CREDENTIAL_PUBLISHED_KEYS,
      issuerDid: bindings?.ISSUER_DID,
    })),
    // Issued compact credentials: this isolate's memory, and the ISSUED_CREDENTIALS KV namespace behind it when it is
    // bound, so that a credential's link works from every isolate (unbound: this isolate only, docs/credentials.md).
    issued: new IssuedCredentials(
      consoleLogger,
      kvCache(() => bindings?.ISSUED_CREDENTIALS),
    ),
    runtime: "workers",
  });
}
type App = ReturnType<typeof buildApp>;

/** The isolate's app, made on the first request once the catalog has arrived; a failed load is retried next time. */
let ready: Promise<App> | undefined;
function appFor(env: WorkerEnv): Promise<App> {
  ready ??= loadCatalogAsset(env.ASSETS, catalogDigest).then(buildApp, (error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/**
 * The Worker's environment, parsed once per environment object (src/edge/worker-env.ts): `ORIGIN_URL` (a var) names
 * the Node origin that serves records; `ASSETS` is the static-assets binding (wrangler.toml [assets]);
 * `CREDENTIAL_SIGNING_KEY` (a secret), `CREDENTIAL_PUBLISHED_KEYS` and `ISSUER_DID` (vars) configure credentials.
 */
const parsedEnvs = new WeakMap<object, WorkerEnv | ConfigError>();
function workerEnv(env: object): WorkerEnv | ConfigError {
  let parsed = parsedEnvs.get(env);
  if (!parsed) {
    try {
      parsed = parseWorkerEnv(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      parsed = error;
      // Once per environment object, not once per request: the operator's one clear line.
      consoleLogger.error({ component: "worker-env", problems: error.problems }, "invalid Worker configuration");
    }
    parsedEnvs.set(env, parsed);
  }
  return parsed;
}

/**
 * Catalog answers shared by every isolate of a data centre through the Cache API (src/edge/edge-cache.ts). A miss goes
 * to the app, whose isolate-memory cache is the second level.
 */
const sharedCache = edgeCache({
  digest: catalogDigest,
  today: () => systemClock.today(),
  store: () => (globalThis as { caches?: { default: EdgeCacheStore } }).caches?.default,
});

/** Paths of static assets. The platform serves them before the script runs; this covers callers that reach the script. */
const ASSET_PATHS = /^\/(?:assets\/|docs\/assets\/)/;

export default {
  fetch(request: Request, rawEnv: object, ctx: Parameters<App["fetch"]>[2]): Response | Promise<Response> {
    const env = workerEnv(rawEnv ?? {});
    if (env instanceof ConfigError) return misconfigured();
    bindings = env;
    const path = new URL(request.url).pathname;
    if (env.ORIGIN_URL && ORIGIN_PATHS.test(path)) return forwardToOrigin(request, env.ORIGIN_URL);
    if (ASSET_PATHS.test(path)) return env.ASSETS.fetch(request);
    // Without an origin, the app answers these paths with a 503 problem that says where records live.
    return sharedCache(
      request,
      () => appFor(env).then((app) => app.fetch(request, env, ctx), catalogUnavailable),
      (work) => ctx?.waitUntil(work),
    );
  },
};

/**
 * A binding or var is bad: every request is a 503 problem until the configuration is fixed. The detail names no setting
 * and no value (a secret may be among them); the log line names each (see workerEnv).
 */
function misconfigured(): Response {
  const body = {
    type: "urn:kakehashi:problem:unavailable",
    title: "Service unavailable",
    status: 503,
    detail: "this edge location is misconfigured; its log names the setting",
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": "application/problem+json" },
  });
}

/** The catalog could not be loaded: a 503 problem (the next request tries again), logged once per failure. */
function catalogUnavailable(error: unknown): Response {
  consoleLogger.error({ err: String(error) }, "catalog asset not loaded");
  const body = {
    type: "urn:kakehashi:problem:unavailable",
    title: "Service unavailable",
    status: 503,
    detail: "the catalog could not be loaded at this edge location; try again shortly",
  };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": "application/problem+json", "retry-after": "5" },
  });
}
