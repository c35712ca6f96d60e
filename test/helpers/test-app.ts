import { createHash } from "node:crypto";
import catalogBundle from "../../generated/catalog.js";
import { createApp } from "../../src/app.ts";
import type { ApiKeys } from "../../src/auth/api-keys.ts";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import type { Catalog } from "../../src/catalog/model.ts";
import { type CredentialConfig, ephemeralKeyRing } from "../../src/credentials/keys.ts";
import type { Clock, Logger } from "../../src/deps.ts";
import { type IdempotencyStore, MemoryIdempotencyStore } from "../../src/store/idempotency.ts";
import type { RateLimiter } from "../../src/store/rate-limiter.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import type { SubscriptionStore } from "../../src/webhooks/subscription-store.ts";
import type { ResolveHost } from "../../src/webhooks/target-url.ts";
import { withCheckedRequests } from "./checked-fetch.ts";

export interface LogLine {
  level: "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message?: string;
}

/** A logger twin that keeps every line, so tests can assert what an operator would see. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record = (level: LogLine["level"]) => (fields: Record<string, unknown>, message?: string) => {
    lines.push({ level, fields, ...(message ? { message } : {}) });
  };
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}

/** A fixed day; the instant is the real one unless `now` is given (record timestamps, the feed's retention). */
export function fixedClock(today: string, now: () => number = Date.now): Clock {
  return { today: () => today, now };
}

/** A clock whose instant moves only when the test says: `advance(ms)`. */
export function manualClock(start: string) {
  let ms = Date.parse(start);
  return {
    today: () => new Date(ms).toISOString().slice(0, 10),
    now: () => ms,
    advance: (by: number) => {
      ms += by;
    },
  };
}

/**
 * The app as both runtimes build it, with in-memory twins; the compiled bundle unless a catalog is given. Every
 * response `app.request` returns is checked against the OpenAPI document first (test/helpers/contract-check.ts).
 */
export function createTestApp(
  options: {
    catalog?: Catalog;
    today?: string;
    /** The app clock's instant (milliseconds since the epoch); the real one by default. */
    now?: () => number;
    docsAssets?: Record<string, string>;
    answers?: AnswerCache;
    records?: RecordStore;
    idempotency?: IdempotencyStore;
    rateLimiter?: RateLimiter;
    rateLimitPerMinute?: number;
    apiKeys?: ApiKeys;
    subscriptions?: SubscriptionStore;
    webhookTargets?: { allowLoopback: boolean; resolve?: ResolveHost };
    /** Credential keys; default an ephemeral Ed25519 key, `null` for none (credential routes answer 503). */
    credentials?: CredentialConfig | null;
    /** As reported by /healthz and used for runtime-specific HTTP behaviour; "test" by default. */
    runtime?: "node" | "test";
    requestDeadlineMs?: number;
    /** Whether the process is shutting down (/readyz 503). */
    draining?: () => boolean;
  } = {},
) {
  const logger = recordingLogger();
  const app = withCheckedRequests(
    createApp({
      catalog: new CatalogIndex(options.catalog ?? catalogBundle),
      answers: options.answers ?? AnswerCache.inMemory(logger),
      logger,
      clock: fixedClock(options.today ?? "2026-11-25", options.now),
      sha256: (text) => createHash("sha256").update(text).digest("hex"),
      runtime: options.runtime ?? "test",
      ...(options.docsAssets ? { docsAssets: options.docsAssets } : {}),
      ...(options.records
        ? { records: options.records, idempotency: options.idempotency ?? new MemoryIdempotencyStore() }
        : {}),
      ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
      ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
      ...(options.webhookTargets ? { webhookTargets: options.webhookTargets } : {}),
      ...(options.credentials === null ? {} : { credentials: options.credentials ?? ephemeralCredentials() }),
      ...(options.requestDeadlineMs ? { requestDeadlineMs: options.requestDeadlineMs } : {}),
      ...(options.draining ? { draining: options.draining } : {}),
      ...(options.rateLimiter
        ? { rateLimiter: options.rateLimiter, rateLimitPerMinute: options.rateLimitPerMinute ?? 0 }
        : {}),
    }),
  );
  return { app, logger };
}

/** A fresh ephemeral key per app, made on first use. */
function ephemeralCredentials(): CredentialConfig {
  let ring: ReturnType<typeof ephemeralKeyRing> | undefined;
  return {
    keys: () => {
      ring ??= ephemeralKeyRing();
      return ring;
    },
    issuerDid: () => undefined,
  };
}
