import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Redis } from "ioredis";
import pino from "pino";
import catalog from "../generated/catalog.js";
import docsAssets from "../generated/docs-assets.js";
import { createApp } from "./app.ts";
import { ApiKeys } from "./auth/api-keys.ts";
import { AnswerCache } from "./cache/answer-cache.ts";
import { MemoryLru } from "./cache/memory-lru.ts";
import { RedisCache } from "./cache/redis.ts";
import { CatalogIndex } from "./catalog/catalog-index.ts";
import { startupCredentials } from "./credentials/config.ts";
import { IssuedCredentials } from "./credentials/issued.ts";
import { nodeSigner } from "./credentials/node-signer.ts";
import { systemClock } from "./deps.ts";
import { ConfigError } from "./env.ts";
import { answerStalledBodies } from "./node-body-timeout.ts";
import { answerClientError, answerConnect } from "./node-client-error.ts";
import { withCompression } from "./node-compression.ts";
import { lingerAfterEarlyAnswers } from "./node-lingering-close.ts";
import { answerRequestError, requestTargetRules } from "./node-request-target.ts";
import { type Shutdown, shutdownWithDeadline } from "./node-shutdown.ts";
import { loadConfiguration } from "./start-config.ts";
import { startExpirySweeps } from "./store/expiry-sweeper.ts";
import { MemoryIdempotencyStore, RedisIdempotencyStore } from "./store/idempotency.ts";
import { MemoryRecordStore } from "./store/memory.ts";
import { MemoryRateLimiter, RedisRateLimiter } from "./store/rate-limiter.ts";
import { RedisRecordStore } from "./store/redis.ts";
import { type Durability, requiredDurability } from "./store/redis-durability.ts";

/**
 * Node entry (origin): parses the environment once, builds the dependencies and serves the app. The catalog is the
 * compiled bundle (npm run build), the same one the Worker imports.
 */
// A bad configuration ends the process with one line per problem, and no stack trace.
const { env, keys } = (() => {
  try {
    return loadConfiguration(
      process.env,
      catalog.schemes.map((s) => s.id),
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`kakehashi: configuration: ${line}\n`);
    process.exit(1);
  }
})();
// Buffered, asynchronous stdout: one write per 4 KiB of log lines instead of one syscall per request line, flushed
// on shutdown below (and by pino on a normal exit)…
const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
// …and at least once a second, so that a quiet server's lines are not held back.
setInterval(() => destination.flush(), 1000).unref();
const logger = pino(
  {
    level: env.LOG_LEVEL,
    base: { service: "kakehashi" },
    redact: { paths: ["req.headers.authorization", "headers.authorization"], censor: "[redacted]" },
  },
  destination,
);

const settings = {
  ttlSeconds: env.CACHE_TTL_SECONDS,
  maxEntries: env.CACHE_MAX_ENTRIES,
  // Accounted as the heap holds it (keys and values in UTF-16, per-entry overhead): see src/cache/memory-lru.ts.
  maxBytes: Math.floor(env.CACHE_MAX_MB * 1024 * 1024),
};
const redis = env.REDIS_URL
  ? RedisCache.connect({
      url: env.REDIS_URL,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      breakerMs: env.REDIS_BREAKER_MS,
      logger,
    })
  : undefined;
if (!redis) logger.info({ component: "cache" }, "REDIS_URL not set: answers are cached in this process only");
const answers = new AnswerCache(new MemoryLru(settings), redis, { ttlSeconds: settings.ttlSeconds, logger });
// Issued compact credentials (their links and QR codes): this process, and Redis behind it when there is one.
const issued = new IssuedCredentials(new MemoryLru({ maxEntries: 5_000, maxBytes: 32_000_000 }), redis, logger);

// Records: Redis (durable when the server runs with appendonly yes + appendfsync always) or, without REDIS_URL,
// memory — loudly not durable.
const storeClient = env.REDIS_URL
  ? new Redis(env.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: env.REDIS_STORE_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    })
  : undefined;
// Outages are logged as transitions (down once, back up once), not once per reconnection attempt.
let storeDown = false;
storeClient
  ?.on("error", (error: Error) => {
    if (storeDown) return;
    storeDown = true;
    logger.warn(
      { component: "record-store", error: error.message },
      "record store unavailable: writes answer 503 + Retry-After",
    );
  })
  .on("ready", () => {
    if (storeDown) logger.info({ component: "record-store" }, "record store reachable again");
    storeDown = false;
  });
const redisRecords = storeClient ? new RedisRecordStore(storeClient, { logger }) : undefined;
const records = redisRecords ?? new MemoryRecordStore({ logger });
const idempotency = storeClient ? new RedisIdempotencyStore(storeClient) : new MemoryIdempotencyStore();
const rateLimiter = storeClient ? new RedisRateLimiter(storeClient) : new MemoryRateLimiter();
// The store is only as durable as the server's configuration: read it on every (re)connection — /readyz shows it —
// and say so when it does not fsync every write.
const durabilityChecks: Promise<Durability>[] = [];
storeClient?.on("ready", () => {
  const check = (redisRecords as RedisRecordStore).checkDurability();
  durabilityChecks.push(check);
  check
    .then((durability) => {
      if (durability.durable) return;
      logger.warn(
        { component: "record-store", appendonly: durability.appendonly, appendfsync: durability.appendfsync },
        "redis is not configured with appendonly yes + appendfsync always: acknowledged record writes can be lost",
      );
    })
    .catch((error: Error) =>
      logger.warn({ component: "record-store", error: error.message }, "could not read redis persistence settings"),
    );
});
// REDIS_REQUIRE_DURABLE: no serving on a Redis that may lose acknowledged writes — one line, exit 1.
if (env.REDIS_REQUIRE_DURABLE && storeClient) {
  const refusal = await requiredDurability(() => durabilityChecks[0], 10_000);
  if (refusal) {
    process.stderr.write(`kakehashi: configuration: REDIS_REQUIRE_DURABLE: ${refusal}\n`);
    process.exit(1);
  }
}
if (!records.durable) {
  logger.warn(
    { component: "record-store" },
    "RECORDS ARE NOT DURABLE: no REDIS_URL, so partner records live in this process's memory and vanish on restart",
  );
}
if (keys.length === 0) logger.warn({ component: "auth" }, "no API_KEYS: the record routes answer 401");

/** A setting's text from its variable or else its file; a file that cannot be read stops the start-up. */
function settingText(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (value || !file) return value;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${name} ${file}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
}
// A signing key that cannot be read or used ends the start-up like any other bad setting: one line, no stack.
const credentials = await (async () =>
  startupCredentials(
    {
      signingKey: settingText(
        env.CREDENTIAL_SIGNING_KEY,
        env.CREDENTIAL_SIGNING_KEY_FILE,
        "CREDENTIAL_SIGNING_KEY_FILE",
      ),
      publishedKeys: settingText(
        env.CREDENTIAL_PUBLISHED_KEYS,
        env.CREDENTIAL_PUBLISHED_KEYS_FILE,
        "CREDENTIAL_PUBLISHED_KEYS_FILE",
      ),
      issuerDid: env.ISSUER_DID,
      signer: nodeSigner,
    },
    logger,
  ))().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kakehashi: configuration: ${message.split("\n")[0]}\n`);
  process.exit(1);
});

// Set once the server exists (below); /readyz asks it whether draining has begun.
let shutdown: Shutdown | undefined;
const app = createApp({
  catalog: new CatalogIndex(catalog),
  answers,
  logger,
  clock: systemClock,
  sha256: (text) => createHash("sha256").update(text).digest("hex"),
  sha1: (bytes) => createHash("sha1").update(bytes).digest(),
  docsAssets,
  records,
  idempotency,
  rateLimiter,
  rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
  requestDeadlineMs: env.REDIS_STORE_TIMEOUT_MS,
  apiKeys: new ApiKeys(keys),
  credentials,
  issued,
  ...(storeClient ? { pingStore: () => storeClient.ping() } : {}),
  draining: () => shutdown?.draining() ?? false,
  runtime: "node",
});

// The adapter's listener, wrapped so that requests it cannot build a Request from get a problem body too
// (src/node-request-target.ts). Text answers are compressed here, outside the app: the Worker shares the app and is
// compressed by the platform.
const server = createServer(
  { requireHostHeader: false },
  requestTargetRules(
    getRequestListener(withCompression(app.fetch), { hostname: env.HOST, errorHandler: answerRequestError }),
  ),
);
server.listen(env.PORT, env.HOST, () => {
  // The first thing a new user needs is where to look: the web view's address, in the log line itself.
  const info = server.address() as AddressInfo;
  const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
  const url = `http://${host}:${info.port}/`;
  logger.info(
    { address: info.address, port: info.port, url, catalog: catalog.digest },
    `kakehashi listening: open ${url}`,
  );
});
// Requests Node's parser refuses before the app sees them still get a problem+json answer.
server.on("clientError", answerClientError);
server.on("connect", answerConnect);
// An answer sent before the body was read (413, 415, 401 …) reaches clients that are still sending.
lingerAfterEarlyAnswers(server);
// A body that stops arriving is answered 408 after BODY_IDLE_TIMEOUT_MS of silence, then the connection closes.
answerStalledBodies(server, {
  idleMs: env.BODY_IDLE_TIMEOUT_MS,
  onStall: () =>
    logger.info({ component: "http", idleMs: env.BODY_IDLE_TIMEOUT_MS }, "request body stalled: answered 408"),
});

// Expiry causes no write, so a sweeper puts it in the change feed — first when the store is ready.
const sweeps = startExpirySweeps({
  records,
  logger,
  clock: systemClock,
  ...(storeClient
    ? {
        ready: new Promise<void>((resolve) => storeClient.once("ready", () => resolve())),
        reachable: () => storeClient.status === "ready",
      }
    : {}),
});

// SIGTERM / SIGINT: drain, then exit 0 within SHUTDOWN_GRACE_MS whatever clients do (src/node-shutdown.ts).
shutdown = shutdownWithDeadline(server, {
  graceMs: env.SHUTDOWN_GRACE_MS,
  cleanup: async () => {
    sweeps.stop();
    await Promise.allSettled([redis?.close(), storeClient?.quit()]);
  },
  exit: (code) => {
    destination.flushSync();
    process.exit(code);
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal, graceMs: env.SHUTDOWN_GRACE_MS }, "shutting down");
    // Written now, not with the next 4 KiB: whoever sent the signal can see draining has begun.
    destination.flushSync();
    shutdown?.begin();
  });
}
