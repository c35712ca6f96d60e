import type { Logger } from "../deps.ts";
import type { Cache, ComponentHealth } from "./cache.ts";
import { MemoryLru } from "./memory-lru.ts";

export const DEFAULT_CACHE_SETTINGS = { ttlSeconds: 3600, maxEntries: 2000, maxBytes: 64_000_000 };

export type CacheOutcome = "hit" | "miss" | "bypass";

/**
 * Two-level cache for computed answers: an in-process LRU (L1) in front of an optional shared cache (L2, Redis on
 * Node). Concurrent misses on one key share one computation (single-flight), so a burst for a cold key computes once.
 * Keys carry the catalog digest (see keys.ts), so a new catalog never reads an old answer.
 */
export class AnswerCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly l1: MemoryLru,
    private readonly l2: (Cache & { health?(): ComponentHealth }) | undefined,
    private readonly options: { ttlSeconds: number; logger: Logger },
  ) {}

  /** An in-process cache only: Workers, Node without Redis, tests. */
  static inMemory(logger: Logger, settings: Partial<typeof DEFAULT_CACHE_SETTINGS> = {}): AnswerCache {
    const { ttlSeconds, maxEntries, maxBytes } = { ...DEFAULT_CACHE_SETTINGS, ...settings };
    return new AnswerCache(new MemoryLru({ maxEntries, maxBytes }), undefined, { ttlSeconds, logger });
  }

  /**
   * The cached value for `key`, or `compute()`'s, stored on the way out. `bypass` computes afresh without reading
   * the cache (a client's `Cache-Control: no-cache`) and refreshes what is stored.
   */
  async get(key: string, compute: () => string, bypass = false): Promise<{ value: string; outcome: CacheOutcome }> {
    if (!bypass) {
      const local = this.l1.peek(key);
      if (local !== undefined) return { value: local, outcome: "hit" };
      const pending = this.inFlight.get(key);
      if (pending) return { value: await pending, outcome: "miss" };
    }
    let shared = false;
    const work = (async () => {
      if (!bypass && this.l2) {
        const remote = await this.l2.get(key);
        if (remote !== undefined) {
          shared = true;
          this.l1.put(key, remote, this.options.ttlSeconds);
          return remote;
        }
      }
      const value = compute();
      this.l1.put(key, value, this.options.ttlSeconds);
      // The L2 write is not awaited by the caller: a slow or absent Redis must not delay the answer.
      this.l2?.set(key, value, this.options.ttlSeconds).catch((error: unknown) => {
        this.options.logger.warn({ component: "cache", error: String(error) }, "L2 cache write failed");
      });
      return value;
    })();
    if (!bypass) this.inFlight.set(key, work);
    try {
      const value = await work;
      return { value, outcome: bypass ? "bypass" : shared ? "hit" : "miss" };
    } finally {
      if (!bypass) this.inFlight.delete(key);
    }
  }

  health(): ComponentHealth[] {
    return [
      { name: "memory-cache", status: "up" },
      this.l2?.health?.() ?? {
        name: "shared-cache",
        status: "disabled",
        detail: "none configured: in-process cache only",
      },
    ];
  }
}
