/**
 * Text kept by key as UTF-8 bytes in one ring of memory, oldest out first: the in-process store of issued compact
 * credentials (src/credentials/issued.ts).
 *
 * Why not the LRU of strings the caches use: every credential issued keeps ≈ 6 KB of text (its token and the full
 * answer, Japanese included, so a two-byte string of ≈ 13 KB in the heap) for hours, thousands of them. Each one was
 * copied by the young-generation collector, promoted, and later swept and compacted — in the server's CPU profile the
 * collector's share per signed request was five times the unsigned one's, and with the keeping switched off a signed
 * request cost about what an unsigned one does (docs/decisions.md, "Issued credentials in a byte ring"). Here the text
 * is encoded once into a buffer the collector never scans or moves (allocated as it fills, up to `maxBytes`), and
 * the heap holds only a small record per key.
 *
 * Oldest out first rather than least recently used: the bytes are written in order around the ring, so the entries a
 * write overwrites are always the oldest ones. A read does not make an entry younger (a credential's link is read a
 * few times, soon after issue, if at all). Plain Uint8Array and TextEncoder: the same code runs on Workers.
 */
interface Slot {
  key: string;
  offset: number;
  length: number;
  expires: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** The ring starts this small and doubles as it fills (tests and the Worker make many small stores). */
const INITIAL_BYTES = 256 * 1024;

export class ByteRing {
  private ring: Uint8Array;
  private head = 0;
  /** Every slot written, oldest first; a slot no longer in `slots` (replaced, expired) is skipped when it comes up. */
  private readonly order: Slot[] = [];
  private first = 0;
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly options: { maxEntries: number; maxBytes: number; now?: () => number }) {
    this.ring = new Uint8Array(Math.min(INITIAL_BYTES, options.maxBytes));
  }

  /**
   * Keeps the text under the key. The text may come in parts, kept as their concatenation: each is encoded where the
   * one before it ended, so a caller joining a token and an answer never builds (and the engine never flattens) the
   * joined string.
   */
  put(key: string, text: string | readonly string[], ttlSeconds: number): void {
    this.slots.delete(key); // an older value under this key is stale either way
    const length = typeof text === "string" ? text.length : text.reduce((n, part) => n + part.length, 0);
    // UTF-8 takes at most 3 bytes a UTF-16 unit: grow while the text may not fit in an empty ring.
    while (this.ring.length < this.options.maxBytes && length * 3 > this.ring.length - this.head) this.grow();
    let written = this.write(text);
    if (written === undefined) {
      // Not enough room before the end: what the partial write overwrote goes, and the ring starts over at 0. Up to
      // and including the end itself: an empty text kept last sits at offset ring.length, and left in the queue it
      // would stop every later drop at its offset (the queue is read oldest first, in offset order).
      this.dropFrom(this.head, Number.POSITIVE_INFINITY);
      this.head = 0;
      written = this.write(text);
      if (written === undefined) {
        // Larger than the whole ring: not kept (as the LRU refuses a value larger than its bound).
        this.dropFrom(0, this.ring.length);
        return;
      }
    }
    this.dropFrom(this.head, this.head + written);
    const slot = { key, offset: this.head, length: written, expires: this.now() + ttlSeconds * 1000 };
    this.head += written;
    this.order.push(slot);
    this.slots.set(key, slot);
    while (this.slots.size > this.options.maxEntries) this.dropOldest();
  }

  peek(key: string): string | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expires <= this.now()) {
      this.slots.delete(key);
      return undefined;
    }
    return decoder.decode(this.ring.subarray(slot.offset, slot.offset + slot.length));
  }

  /** How many entries, and the bytes the ring holds (its size, not what is live in it). */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.slots.size, bytes: this.ring.length };
  }

  /** Encodes the text at the head; undefined when it does not fit before the ring's end. */
  private write(text: string | readonly string[]): number | undefined {
    if (typeof text === "string") return this.writeAt(this.head, text);
    let at = this.head;
    for (const part of text) {
      const written = this.writeAt(at, part);
      if (written === undefined) return undefined;
      at += written;
    }
    return at - this.head;
  }

  private writeAt(at: number, text: string): number | undefined {
    const { read, written } = encoder.encodeInto(text, this.ring.subarray(at));
    return read === text.length ? written : undefined;
  }

  /** Drops the oldest slots while they lie in [from, to): the bytes there are about to be (or were just) overwritten. */
  private dropFrom(from: number, to: number): void {
    for (;;) {
      const oldest = this.order[this.first];
      if (!oldest || oldest.offset < from || oldest.offset >= to) break;
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const oldest = this.order[this.first];
    if (!oldest) return;
    this.order[this.first] = undefined as unknown as Slot;
    this.first++;
    if (this.slots.get(oldest.key) === oldest) this.slots.delete(oldest.key);
    // The queue is an array read from `first`: compact it now and then rather than shift() on every drop.
    if (this.first > 1024 && this.first * 2 > this.order.length) {
      this.order.splice(0, this.first);
      this.first = 0;
    }
  }

  private grow(): void {
    const bigger = new Uint8Array(Math.min(this.ring.length * 2, this.options.maxBytes));
    bigger.set(this.ring);
    this.ring = bigger;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
