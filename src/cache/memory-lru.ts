/**
 * A bounded in-process LRU (the L1 in front of Redis, the response memo, and the whole cache on Workers and without
 * Redis). A Map keeps insertion order, so re-inserting on read makes the first key the least recently used. Bounded by
 * entry count and by total size in bytes, whichever is reached first, so a burst of large answers — or of many small
 * answers under long keys — cannot exhaust memory.
 *
 * An entry is accounted at what it costs the heap, not at its value's length: its key and its value as UTF-16 (2 bytes
 * a character — V8 keeps some strings in one byte, so this is the upper bound), plus a fixed overhead for the Map slot,
 * the entry record and the two string headers. Counting the value's characters alone let 200,000 distinct queries
 * grow the process by ~290 MiB with a 64 MB bound: long URL keys and small answers were nearly free in the accounting.
 */
export const ENTRY_OVERHEAD_BYTES = 160;

/** What a string costs in the heap at most: UTF-16, 2 bytes a character. */
export function stringBytes(text: string): number {
  return text.length * 2;
}

export class MemoryLru<V = string> {
  private readonly entries = new Map<string, { value: V; expires: number; size: number }>();
  private size = 0;

  constructor(
    private readonly options: {
      maxEntries: number;
      now?: () => number;
      /** A value's own size; strings by default (UTF-16 bytes). */
      sizeOf?: (value: V) => number;
    } & (
      | {
          /** The bound on the accounted bytes of all entries: keys, values (sizeOf) and the per-entry overhead. */
          maxBytes: number;
        }
      | {
          /**
           * A bound on the sum of sizeOf alone — no key, no overhead (the name is historical): for memos of shared
           * objects whose size is not theirs to count (the equivalence engine counts each answer as 1). Not a memory
           * bound; every cache of answers, bodies or bytes uses maxBytes.
           */
          maxChars: number;
          sizeOf: (value: V) => number;
        }
    ),
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
    const own = this.options.sizeOf ? this.options.sizeOf(value) : stringBytes(String(value));
    const size = "maxBytes" in this.options ? ENTRY_OVERHEAD_BYTES + stringBytes(key) + own : own;
    this.delete(key); // an older value under this key is stale either way
    if (size > this.bound) return; // larger than the whole cache: not worth evicting everything
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000, size });
    this.size += size;
    while (this.entries.size > this.options.maxEntries || this.size > this.bound) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  /** How many entries, and their accounted size (bytes with maxBytes; never above the bound). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.size };
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }

  private get bound(): number {
    return "maxBytes" in this.options ? this.options.maxBytes : this.options.maxChars;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
