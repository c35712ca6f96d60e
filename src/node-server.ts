import { createHash, hash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import pino from "pino";
import compiledCatalog from "../generated/catalog.js";
import docsAssets from "../generated/docs-assets.js";
import { createApp } from "./app.ts";
import { type ApiKeyConfig, ApiKeys } from "./auth/api-keys.ts";
import { AnswerCache } from "./cache/answer-cache.ts";
import { MemoryLru } from "./cache/memory-lru.ts";
import { RedisCache } from "./cache/redis.ts";
import { CatalogIndex } from "./catalog/catalog-index.ts";
import type { Catalog } from "./catalog/model.ts";
import { startupCredentials } from "./credentials/config.ts";
import { IssuedCredentials } from "./credentials/issued.ts";
import { nodeSigner } from "./credentials/node-signer.ts";
import { systemClock } from "./deps.ts";
import { ConfigError, type NodeEnv } from "./env.ts";
import { handArrivedBodies } from "./node-arrived-body.ts";
import { answerStalledBodies } from "./node-body-timeout.ts";
import { answerClientError, answerConnect } from "./node-client-error.ts";
import { withCompression } from "./node-compression.ts";
import { lingerAfterEarlyAnswers } from "./node-lingering-close.ts";
import { answerRequestError, requestTargetRules } from "./node-request-target.ts";
import { type Shutdown, shutdownWithDeadline } from "./node-shutdown.ts";
import { startExpirySweeps } from "./store/expiry-sweeper.ts";
import { MemoryIdempotencyStore, RedisIdempotencyStore } from "./store/idempotency.ts";
import { MemoryRecordStore } from "./store/memory.ts";
import { MemoryRateLimiter, RedisRateLimiter } from "./store/rate-limiter.ts";
import { RedisRecordStore } from "./store/redis.ts";
import { connectRedis, type RedisTarget, redisTarget, writeConnection } from "./store/redis-connection.ts";
import { type Durability, requiredDurability } from "./store/redis-durability.ts";
import { layoutRefusal } from "./store/redis-layout.ts";
import { announceCatalogChange } from "./webhooks/catalog-change.ts";
import { MemoryCatalogSnapshots } from "./webhooks/catalog-snapshot-store.ts";
import { DeliveryWorker } from "./webhooks/delivery-worker.ts";
import { MemorySubscriptionStore } from "./webhooks/memory-subscription-store.ts";
import { nodeSender, resolveAll } from "./webhooks/node-sender.ts";
import { RedisCatalogSnapshots } from "./webhooks/redis-catalog-snapshot-store.ts";
import { RedisSubscriptionStore } from "./webhooks/redis-subscription-store.ts";

/**
 * The origin server as a function: builds the dependencies from a parsed configuration (src/start-config.ts) and
 * serves the app. src/node.ts is the process around it (environment, signals, exit); tests start it in-process.
 * The catalog is the compiled bundle (npm run build), the same one the Worker imports.
 */
export interface ServerConfig {
  env: NodeEnv;
  keys: ApiKeyConfig[];
  /** Where log lines go; default: buffered, asynchronous stdout (flushed at least once a second). */
  destination?: pino.DestinationStream;
  /** The catalog served: the compiled bundle (npm run build) unless a test hands in another. */
  catalog?: Catalog;
}

export interface ServerHandle {
  address: AddressInfo;
  /** The web view's address, `http://host:port/`. */
  url: string;
  draining(): boolean;
  /**
   * Starts the graceful shutdown (idempotent): drain, clean up, settle `closed` within SHUTDOWN_GRACE_MS. `signal`
   * is logged with it.
   */
  beginShutdown(signal?: string): void;
  /** Settles once the shutdown has finished (connections closed, Redis quit), with the exit code it asks for. */
  closed: Promise<number>;
  /** beginShutdown() and wait for it. */
  close(): Promise<void>;
  /** Writes buffered log lines now. */
  flushLogs(): void;
}

/**
 * Starts the origin. A setting that turns out unusable only at start-up (a signing key that cannot be read, a Redis
 * that is not durable under REDIS_REQUIRE_DURABLE) is thrown as a ConfigError: one line, no server left running.
 */
export async function startServer(config: ServerConfig): Promise<ServerHandle> {
  const { env, keys } = config;
  const catalog = config.catalog ?? compiledCatalog;
  // Buffered, asynchronous stdout: one write per 4 KiB of log lines instead of one syscall per request line, flushed
  // on shutdown below (and by pino on a normal exit)…
  const destination = config.destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const flush = () => (destination as Partial<pino.DestinationStream & { flushSync(): void }>).flushSync?.();
  // …and at least once a second, so that a quiet server's lines are not held back.
  const flusher = setInterval(() => (destination as Partial<{ flush(): void }>).flush?.(), 1000).unref();
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
  const target = redisTarget(env);
  const redis = target
    ? RedisCache.connect({
        target,
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        breakerMs: env.REDIS_BREAKER_MS,
        logger,
      })
    : undefined;
  if (!redis) logger.info({ component: "cache" }, "REDIS_URL not set: answers are cached in this process only");
  const answers = new AnswerCache(new MemoryLru(settings), redis, { ttlSeconds: settings.ttlSeconds, logger });
  // Issued compact credentials (their links and QR codes): this process, and Redis behind it when there is one.
  const issued = new IssuedCredentials(logger, redis);

  const store = connectStore(env, target, logger);
  const { storeClient, waitClient, redisRecords } = store;
  const records = redisRecords ?? new MemoryRecordStore({ logger });
  const cluster = target?.kind === "cluster";
  const idempotency = storeClient ? new RedisIdempotencyStore(storeClient, {}, cluster) : new MemoryIdempotencyStore();
  const rateLimiter = storeClient ? new RedisRateLimiter(storeClient, cluster) : new MemoryRateLimiter();
  // Webhook subscriptions live beside the feed they follow, so their cursors are as durable as the records.
  const subscriptions = storeClient ? new RedisSubscriptionStore(storeClient) : new MemorySubscriptionStore();
  if (env.WEBHOOK_ALLOW_LOOPBACK) {
    logger.warn(
      { component: "webhooks" },
      "WEBHOOK_ALLOW_LOOPBACK: subscriptions may target this machine (development)",
    );
  }
  const stopEarly = async () => {
    clearInterval(flusher);
    await Promise.allSettled([redis?.close(), storeClient?.quit(), waitClient?.quit()]);
  };
  // REDIS_REQUIRE_DURABLE: no serving on a Redis that may lose acknowledged writes — one line, exit 1.
  if (env.REDIS_REQUIRE_DURABLE && storeClient) {
    const refusal = await requiredDurability(() => store.durabilityChecks[0], 10_000);
    if (refusal) {
      await stopEarly();
      throw new ConfigError([`REDIS_REQUIRE_DURABLE: ${refusal}`]);
    }
  }
  // On a cluster the partition count is part of the data: another count would silently miss records and feed entries.
  if (redisRecords && storeClient && target?.kind === "cluster") {
    const refusal = await layoutRefusal(
      () => redisRecords.checkLayout(),
      () => storeClient.status === "ready",
      10_000,
    );
    if (refusal) {
      await stopEarly();
      throw new ConfigError([`REDIS_CLUSTER_PARTITIONS: ${refusal}`]);
    }
  }
  if (!records.durable) {
    logger.warn(
      { component: "record-store" },
      "RECORDS ARE NOT DURABLE: no REDIS_URL, so partner records live in this process's memory and vanish on restart",
    );
  }
  if (keys.length === 0) logger.warn({ component: "auth" }, "no API_KEYS: the record routes answer 401");

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
    ))().catch(async (error: unknown) => {
    await stopEarly();
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError([message.split("\n")[0] ?? message]);
  });

  // Set once the server exists (below); /readyz asks it whether draining has begun.
  let shutdown: Shutdown | undefined;
  const app = createApp({
    catalog: new CatalogIndex(catalog),
    answers,
    logger,
    clock: systemClock,
    // One-shot: a Hash object per call (createHash) costs ~2 µs more on a translation's ~1 KB input.
    sha256: (text) => hash("sha256", text, "hex"),
    sha1: (bytes) => createHash("sha1").update(bytes).digest(),
    docsAssets,
    records,
    idempotency,
    subscriptions,
    webhookTargets: { allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK, resolve: resolveAll },
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
      // A body that arrived whole with its head reaches the app as bytes (src/node-arrived-body.ts).
      handArrivedBodies(
        getRequestListener(withCompression(app.fetch), { hostname: env.HOST, errorHandler: answerRequestError }),
      ),
    ),
  );
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

  // Deliveries read the feed on their own schedule (the write path never waits on them), from each subscription's
  // stored cursor: a restart resumes where the last run stopped.
  const deliveries = new DeliveryWorker({
    subscriptions,
    records,
    send: nodeSender({ allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK }),
    logger,
  });
  // A new catalog may move what stored records earn elsewhere: those changes are queued as events first, then the
  // worker starts, so that it sends them in their place in feed order (src/webhooks/catalog-change.ts).
  let catalogCheckStopped = false;
  const catalogCheck = (async () => {
    await storeReady(storeClient);
    for (let attempt = 1; !catalogCheckStopped; attempt++) {
      try {
        const checked = await announceCatalogChange({
          catalog,
          snapshots: storeClient ? new RedisCatalogSnapshots(storeClient) : new MemoryCatalogSnapshots(),
          subscriptions,
          records,
          logger,
        });
        logger.info({ component: "webhooks", ...checked }, "catalog change check done: deliveries start");
        return;
      } catch (error) {
        // Nothing was recorded: the next attempt (or the next start-up) redoes it, queuing nothing twice.
        logger.warn(
          { component: "webhooks", attempt, error: (error as Error).message },
          "catalog change check failed; retrying",
        );
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * attempt)).unref());
      }
    }
  })();
  void catalogCheck.then(() => {
    if (!catalogCheckStopped) deliveries.start();
  });

  // Drain, then settle `closed` within SHUTDOWN_GRACE_MS whatever clients do (src/node-shutdown.ts).
  let settle: (code: number) => void = () => {};
  const closed = new Promise<number>((resolve) => {
    settle = resolve;
  });
  shutdown = shutdownWithDeadline(server, {
    graceMs: env.SHUTDOWN_GRACE_MS,
    cleanup: async () => {
      sweeps.stop();
      catalogCheckStopped = true;
      await deliveries.stop();
      clearInterval(flusher);
      await Promise.allSettled([redis?.close(), storeClient?.quit(), waitClient?.quit()]);
    },
    exit: (code) => {
      flush();
      settle(code);
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (error: Error) => {
    sweeps.stop();
    catalogCheckStopped = true;
    await deliveries.stop();
    await stopEarly();
    throw error;
  });
  // The first thing a new user needs is where to look: the web view's address, in the log line itself.
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  logger.info(
    { address: address.address, port: address.port, url, catalog: catalog.digest },
    `kakehashi listening: open ${url}`,
  );
  const begin = (signal?: string) => {
    if (shutdown?.draining()) return;
    logger.info({ ...(signal ? { signal } : {}), graceMs: env.SHUTDOWN_GRACE_MS }, "shutting down");
    // Written now, not with the next 4 KiB: whoever asked for the shutdown can see draining has begun.
    flush();
    shutdown?.begin();
  };
  return {
    address,
    url,
    draining: () => shutdown?.draining() ?? false,
    beginShutdown: begin,
    closed,
    close: async () => {
      begin();
      await closed;
    },
    flushLogs: flush,
  };
}

/**
 * Records: Redis (durable when the server runs with appendonly yes + appendfsync always) or, without REDIS_URL,
 * memory — loudly not durable. The store's persistence settings are read on every (re)connection (/readyz shows
 * them), with a warning when they do not fsync every write.
 */
function connectStore(env: NodeEnv, target: RedisTarget | undefined, logger: pino.Logger) {
  const durabilityChecks: Promise<Durability>[] = [];
  if (!target) return { storeClient: undefined, waitClient: undefined, redisRecords: undefined, durabilityChecks };
  const storeClient = connectRedis(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: env.REDIS_STORE_TIMEOUT_MS,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  });
  // Outages are logged as transitions (down once, back up once), not once per reconnection attempt.
  let storeDown = false;
  storeClient
    .on("error", (error: Error) => {
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
  // REDIS_WAIT_REPLICAS: the writes that WAIT get their own connection, so a WAIT blocked on a shard with no live
  // replica holds up only writes, not that shard's reads (RedisRecordStoreOptions.writeClient). Its outages are the
  // store client's too (same servers), so it is not logged twice.
  const waitClient = env.REDIS_WAIT_REPLICAS > 0 ? writeConnection(storeClient) : undefined;
  waitClient?.on("error", () => {});
  const redisRecords = new RedisRecordStore(storeClient, {
    logger,
    ...(waitClient ? { writeClient: waitClient } : {}),
    ...(target.kind === "cluster" ? { partitions: env.REDIS_CLUSTER_PARTITIONS } : {}),
    waitReplicas: env.REDIS_WAIT_REPLICAS,
    waitTimeoutMs: env.REDIS_WAIT_TIMEOUT_MS,
    // Given up before the request's deadline, so no retry of a write is still under way once its 503 has been sent.
    slotMoveRetryMs: Math.floor(env.REDIS_STORE_TIMEOUT_MS * 0.8),
  });
  storeClient.on("ready", () => {
    const check = redisRecords.checkDurability();
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
  return { storeClient, waitClient, redisRecords, durabilityChecks };
}

/** Settles once the store client is ready (at once without one). */
function storeReady(client: { status: string; once(event: "ready", listener: () => void): unknown } | undefined) {
  return new Promise<void>((resolve) => {
    if (!client || client.status === "ready") resolve();
    else client.once("ready", () => resolve());
  });
}

/** A setting's text from its variable or else its file; a file that cannot be read stops the start-up. */
function settingText(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (value || !file) return value;
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${name} ${file}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`);
  }
}
