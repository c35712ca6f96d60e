import type { ApiKeys } from "./auth/api-keys.ts";
import type { AnswerCache } from "./cache/answer-cache.ts";
import type { CatalogIndex } from "./catalog/catalog-index.ts";
import type { IssuedCredentials } from "./credentials/issued.ts";
import type { CredentialConfig } from "./credentials/keys.ts";
import type { Sha1 } from "./exports/uuid.ts";
import type { IdempotencyStore } from "./store/idempotency.ts";
import type { RateLimiter } from "./store/rate-limiter.ts";
import type { RecordStore } from "./store/record-store.ts";
import type { SubscriptionStore } from "./webhooks/subscription-store.ts";
import type { ResolveHost } from "./webhooks/target-url.ts";

/** A structured logger: pino on Node, JSON console lines on Workers, a recording twin in tests. */
export interface Logger {
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

/**
 * Time as the app reads it, injectable so that date- and time-dependent answers are testable: no handler or service
 * calls Date.now() or new Date() itself.
 */
export interface Clock {
  /** Today's date (UTC), YYYY-MM-DD. */
  today(): string;
  /** Milliseconds since the epoch: record timestamps, the change feed's retention. */
  now(): number;
}

/**
 * The system clock (UTC days). `today()` runs on every request (it keys the response memo), so the date string is
 * kept until the next UTC midnight instead of being formatted each time.
 */
export const systemClock: Clock = (() => {
  let day = "";
  let nextMidnight = 0;
  return {
    today: () => {
      const now = Date.now();
      if (now >= nextMidnight) {
        day = new Date(now).toISOString().slice(0, 10);
        nextMidnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      }
      return day;
    },
    now: () => Date.now(),
  };
})();

/**
 * SHA-256 of a text, hex. A port because the runtimes differ in what is fast: Web Crypto's async digest costs
 * ~250 µs of latency per call on Node 20, node:crypto ~6 µs; on Workers Web Crypto is the one there is.
 */
export type Sha256 = (text: string) => Promise<string> | string;

export async function webCryptoSha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Static assets of the offline API docs page (Swagger UI), bundled at build time for both runtimes. */
export type DocsAssets = Record<string, string>;

/** Everything outside the app that handlers use, built by an entry (node.ts, worker.ts) or a test. */
export interface Deps {
  catalog: CatalogIndex;
  /** L1 (+ L2 on Node with Redis) cache of computed answers. */
  answers: AnswerCache;
  logger: Logger;
  clock: Clock;
  /** Defaults to Web Crypto; the Node entry passes node:crypto. */
  sha256?: Sha256;
  /** SHA-1 for the exports' name-based UUIDs; defaults to Web Crypto, the Node entry passes node:crypto. */
  sha1?: Sha1;
  docsAssets?: DocsAssets;
  /** Partner records; absent where records are not served (the Worker without an origin). */
  records?: RecordStore;
  /** Idempotency keys of batch writes; memory twin or Redis. */
  idempotency?: IdempotencyStore;
  /** Per-key request budget on the record routes; absent or 0 = unlimited. */
  rateLimiter?: RateLimiter;
  rateLimitPerMinute?: number;
  /**
   * The most a record request waits for the store (rate limiter included) to answer at all; each answer restores
   * it. Default 1,000 ms; the Node entry passes REDIS_STORE_TIMEOUT_MS.
   */
  requestDeadlineMs?: number;
  /** Webhook subscriptions (the origin; the Node entry also runs their delivery worker). Absent: 503 there. */
  subscriptions?: SubscriptionStore;
  /**
   * How subscription targets are checked when registered: loopback allowed (WEBHOOK_ALLOW_LOOPBACK, development) and
   * a resolver for names (Node: every address a name has).
   */
  webhookTargets?: { allowLoopback: boolean; resolve?: ResolveHost };
  /** API keys for the record routes; none configured means those routes are closed. */
  apiKeys?: ApiKeys;
  /** Signing keys and issuer DID for verifiable credentials; absent = credentials are not issued (503). */
  credentials?: CredentialConfig;
  /** Issued compact credentials by id (GET /v1/credentials/{id}); in-process when absent. */
  issued?: IssuedCredentials;
  /** Asks the record store to answer (Redis PING); /readyz is 503 when it does not within requestDeadlineMs. */
  pingStore?: () => Promise<unknown>;
  /** True once the process has begun shutting down (Node entry): /readyz answers 503 so traffic moves away. */
  draining?: () => boolean;
  /** Where the app runs, reported by /healthz. */
  runtime: "node" | "workers" | "test";
}
