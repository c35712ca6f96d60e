import type { Cache } from "./cache.ts";

/**
 * A bounded in-process LRU (the L1 in front of Redis, and the whole cache on Workers and without Redis). A Map keeps
 * insertion order, so re-inserting on read makes the first key the least recently used. Bounded by entry count and
 * by total characters, whichever is reached first, so a burst of large matrices cannot exhaust memory.
 */
export class MemoryLru implements Cache {
  readonly name = "memory";
  private readonly entries = new Map<string, { value: string; expires: number }>();
  private size = 0;

  constructor(private readonly options: { maxEntries: number; maxChars: number; now?: () => number }) {}

  /** Synchronous read, for the hot path. */
  peek(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async get(key: string): Promise<string | undefined> {
    return this.peek(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.put(key, value, ttlSeconds);
  }

  put(key: string, value: string, ttlSeconds: number): void {
    if (value.length > this.options.maxChars) return; // larger than the whole cache: not worth evicting everything
    this.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000 });
    this.size += value.length;
    while (this.entries.size > this.options.maxEntries || this.size > this.options.maxChars) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  get stats(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.size };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.value.length;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
