/**
 * The cache port: string values under string keys, with a time to live. Answers are cached serialized, so a hit is
 * served without re-encoding. Implementations: memory-lru.ts (bounded, in-process), redis.ts (shared, fail-fast),
 * noop.ts (always misses). None may throw: a cache that cannot answer says "miss".
 */
export interface Cache {
  readonly name: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** What a dependency reports to /readyz. */
export interface ComponentHealth {
  name: string;
  /** degraded: serving, with something an operator must look at (e.g. undecodable records). */
  status: "up" | "degraded" | "down" | "disabled";
  detail?: string;
}
