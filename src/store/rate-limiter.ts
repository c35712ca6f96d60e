import type { RedisClient } from "./redis-connection.ts";

/**
 * Per-client request budgets: a fixed window per key. Twins: memory (one process) and Redis (shared by replicas).
 * A limiter that cannot answer lets the request through — a Redis outage must not lock partners out of reads.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowSeconds: number) {
    const now = this.now();
    const windowMs = windowSeconds * 1000;
    const current = this.windows.get(key);
    const window = current && now - current.start < windowMs ? current : { start: now, count: 0 };
    window.count++;
    this.windows.set(key, window);
    if (this.windows.size > 50_000) {
      for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    return { allowed: window.count <= limit, retryAfterSeconds };
  }
}

const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}
`;

export class RedisRateLimiter implements RateLimiter {
  /** `cluster`: keys without the shared `{kakehashi}` tag, so the budgets spread over every slot. */
  constructor(
    private readonly client: RedisClient,
    private readonly cluster = false,
  ) {
    client.defineCommand("kakehashiRateHit", { numberOfKeys: 1, lua: HIT });
  }

  async hit(key: string, limit: number, windowSeconds: number) {
    const client = this.client as unknown as { kakehashiRateHit: (k: string, w: string) => Promise<[number, number]> };
    try {
      const [count, ttl] = await client.kakehashiRateHit(
        this.cluster ? `kakehashi:rate:${key}` : `kakehashi:{kakehashi}:rate:${key}`,
        String(windowSeconds),
      );
      return { allowed: count <= limit, retryAfterSeconds: Math.max(1, ttl) };
    } catch {
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }
}
