import type { Logger } from "../deps.ts";
import { connectRedis, type RedisClient, type RedisTarget } from "../store/redis-connection.ts";
import type { Cache, ComponentHealth } from "./cache.ts";

export interface RedisCacheOptions {
  /** One node's URL, or `target` (which may be a cluster). */
  url?: string;
  target?: RedisTarget;
  /** Longest a command may take before it counts as failed (ms). */
  commandTimeoutMs: number;
  /** After a failure, how long Redis is skipped before it is tried again (ms): the circuit breaker. */
  breakerMs: number;
  logger: Logger;
}

/**
 * Redis as the shared L2 cache, set up to fail fast (docs/decisions.md): no offline queue, one retry,
 * a command timeout, reconnection in the background, and a circuit breaker. While Redis is down or the breaker is
 * open, reads are misses and writes are dropped at once — a Redis outage never stalls an answer. Transitions are
 * logged once each (down, back up), not per request.
 */
export class RedisCache implements Cache {
  readonly name = "redis";
  private openUntil = 0;
  private down = false;
  private lastError = "";
  /** Commands that failed (timeout, error) and commands skipped while Redis was down or the breaker open. */
  readonly counters = { failures: 0, skipped: 0 };

  constructor(
    private readonly client: RedisClient,
    private readonly options: Omit<RedisCacheOptions, "target" | "url">,
  ) {
    client.on("ready", () => {
      this.openUntil = 0;
      this.markUp();
    });
    client.on("error", (error: Error) => this.markDown(error.message));
    client.on("close", () => this.markDown("connection closed"));
  }

  static connect(options: RedisCacheOptions): RedisCache {
    const client = connectRedis(options.target ?? { kind: "single", url: options.url ?? "" }, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: Math.max(options.commandTimeoutMs * 5, 500),
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      enableAutoPipelining: true,
    });
    const cache = new RedisCache(client, options);
    client.connect().catch((error: Error) => cache.markDown(error.message));
    return cache;
  }

  async get(key: string): Promise<string | undefined> {
    if (!this.usable()) return undefined;
    try {
      const value = (await this.client.get(key)) ?? undefined;
      this.markUp();
      return value;
    } catch (error) {
      this.trip(error);
      return undefined;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (!this.usable()) return;
    try {
      await this.client.set(key, value, "EX", ttlSeconds);
      this.markUp();
    } catch (error) {
      this.trip(error);
    }
  }

  health(): ComponentHealth {
    // Named for its role ("shared-cache", as when none is configured), the implementation in the detail.
    if (this.client.status === "ready" && Date.now() >= this.openUntil) {
      return { name: "shared-cache", status: "up", detail: "redis" };
    }
    return { name: "shared-cache", status: "down", detail: `redis: ${this.lastError || this.client.status}` };
  }

  async close(): Promise<void> {
    this.client.removeAllListeners("close");
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private usable(): boolean {
    const usable = this.client.status === "ready" && Date.now() >= this.openUntil;
    if (!usable) this.counters.skipped++;
    return usable;
  }

  private trip(error: unknown): void {
    this.counters.failures++;
    this.openUntil = Date.now() + this.options.breakerMs;
    this.markDown(error instanceof Error ? error.message : String(error));
  }

  /** After an outage or a tripped breaker, the first success (or a reconnection) closes it, logged once. */
  private markUp(): void {
    if (!this.down) return;
    this.down = false;
    this.options.logger.info({ component: "redis" }, "redis reachable again; L2 cache back in use");
  }

  private markDown(message: string): void {
    this.lastError = message;
    if (this.down) return;
    this.down = true;
    this.options.logger.warn(
      { component: "redis", error: message },
      "redis unavailable; answering without the L2 cache until it is back",
    );
  }
}
