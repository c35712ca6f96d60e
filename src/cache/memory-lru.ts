/**
 * A bounded in-process LRU (the L1 in front of Redis, the response memo, and the whole cache on Workers and without
 * Redis). A Map keeps insertion order, so re-inserting on read makes the first key the least recently used. Bounded by
 * entry count and by total size (characters, by default), whichever is reached first, so a burst of large answers
 * cannot exhaust memory.
 */
export class MemoryLru<V = string> {
  private readonly entries = new Map<string, { value: V; expires: number; size: number }>();
  private size = 0;

  constructor(
    private readonly options: {
      maxEntries: number;
      maxChars: number;
      now?: () => number;
      sizeOf?: (value: V) => number;
    },
  ) {}

  /** Synchronous read, for the hot path. */
  peek(key: string): V | undefined {
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

  put(key: string, value: V, ttlSeconds: number): void {
    const size = this.options.sizeOf ? this.options.sizeOf(value) : String(value).length;
    this.delete(key); // an older value under this key is stale either way
    if (size > this.options.maxChars) return; // larger than the whole cache: not worth evicting everything
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000, size });
    this.size += size;
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
    this.size -= entry.size;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
