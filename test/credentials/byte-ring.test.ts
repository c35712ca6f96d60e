import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteRing } from "../../src/credentials/byte-ring.ts";
import { IssuedCredentials } from "../../src/credentials/issued.ts";

const silent = { info() {}, warn() {}, error() {} };

describe("ByteRing: issued credentials kept as UTF-8 bytes, oldest out first", () => {
  it("never answers a key with anything but the last text put under it, whatever the sizes, wraps and bounds", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.string({ unit: "grapheme", maxLength: 400 })), {
          maxLength: 300,
        }),
        fc.integer({ min: 64, max: 4096 }),
        fc.integer({ min: 1, max: 50 }),
        (puts, maxBytes, maxEntries) => {
          const ring = new ByteRing({ maxEntries, maxBytes });
          const last = new Map<string, string>();
          for (const [k, text] of puts) {
            const key = `k${k}`;
            ring.put(key, text, 60);
            last.set(key, text);
            // The newest entry is always there unless it is larger than the whole ring.
            if (new TextEncoder().encode(text).length <= maxBytes) expect(ring.peek(key)).toBe(text);
            else expect(ring.peek(key)).toBeUndefined();
            expect(ring.stats.entries).toBeLessThanOrEqual(maxEntries);
            expect(ring.stats.bytes).toBeLessThanOrEqual(maxBytes);
          }
          for (const [key, text] of last) {
            const kept = ring.peek(key);
            if (kept !== undefined) expect(kept).toBe(text);
          }
        },
      ),
    );
  });

  it("drops an empty text kept at the ring's very end when the ring starts over (found by the property above)", () => {
    const ring = new ByteRing({ maxEntries: 2, maxBytes: 20 });
    ring.put("a", "x".repeat(20), 60); // fills the ring: the head is at its end
    ring.put("a", "", 60); // an empty text kept at offset 20, the ring's length
    ring.put("a", "y".repeat(10), 60); // does not fit after it: the ring starts over at 0
    ring.put("b", "z".repeat(8), 60);
    ring.put("b", "w".repeat(5), 60); // does not fit (18 + 5 > 20): starts over, overwriting a's bytes
    expect(ring.peek("b")).toBe("wwwww");
    // a's text was overwritten: it is gone, never answered as the bytes now there.
    expect(ring.peek("a")).toBeUndefined();
  });

  it("keeps a text put in parts exactly as the same text put joined: same answers, same evictions, same wraps", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 20 }),
            fc.array(fc.string({ unit: "grapheme", maxLength: 200 }), { minLength: 0, maxLength: 4 }),
          ),
          { maxLength: 200 },
        ),
        fc.integer({ min: 64, max: 4096 }),
        fc.integer({ min: 1, max: 30 }),
        (puts, maxBytes, maxEntries) => {
          const parted = new ByteRing({ maxEntries, maxBytes });
          const joined = new ByteRing({ maxEntries, maxBytes });
          for (const [k, parts] of puts) {
            parted.put(`k${k}`, parts, 60);
            joined.put(`k${k}`, parts.join(""), 60);
            for (let key = 0; key <= 20; key++) expect(parted.peek(`k${key}`)).toBe(joined.peek(`k${key}`));
            expect(parted.stats).toEqual(joined.stats);
          }
        },
      ),
    );
  });

  it("drops the oldest entries first when the ring is full, and keeps the newer ones", () => {
    const ring = new ByteRing({ maxEntries: 100, maxBytes: 1000 });
    for (let i = 0; i < 20; i++) ring.put(`k${i}`, String(i).padStart(100, "x"), 60);
    const kept = Array.from({ length: 20 }, (_, i) => ring.peek(`k${i}`) !== undefined);
    // Ten 100-byte entries fill the 1,000 bytes; each later one overwrites, and drops, the oldest.
    expect(kept.slice(0, 10).every((k) => !k)).toBe(true);
    expect(kept.slice(10).every((k) => k)).toBe(true);
    // Entries that do not divide the ring: the end's remainder is skipped, what it held dropped, nothing torn.
    const odd = new ByteRing({ maxEntries: 100, maxBytes: 1000 });
    for (let i = 0; i < 30; i++) odd.put(`k${i}`, String(i).padStart(300, "y"), 60);
    expect([27, 28, 29].map((i) => odd.peek(`k${i}`))).toEqual([27, 28, 29].map((i) => String(i).padStart(300, "y")));
    expect(odd.peek("k26")).toBeUndefined();
    expect(ring.peek("k19")).toBe("19".padStart(100, "x"));
  });

  it("keeps at most maxEntries, oldest out first", () => {
    const ring = new ByteRing({ maxEntries: 3, maxBytes: 10_000 });
    for (const key of ["a", "b", "c", "d"]) ring.put(key, key, 60);
    expect(["a", "b", "c", "d"].map((k) => ring.peek(k))).toEqual([undefined, "b", "c", "d"]);
  });

  it("forgets an entry once its time to live has passed, and a replaced value is the new one", () => {
    let now = 0;
    const ring = new ByteRing({ maxEntries: 10, maxBytes: 10_000, now: () => now });
    ring.put("a", "first", 60);
    ring.put("a", "second", 60);
    expect(ring.peek("a")).toBe("second");
    now = 60_000;
    expect(ring.peek("a")).toBeUndefined();
    expect(ring.stats.entries).toBe(0);
  });

  it("refuses a text larger than the whole ring rather than emptying it", () => {
    const ring = new ByteRing({ maxEntries: 10, maxBytes: 100 });
    ring.put("big", "x".repeat(101), 60);
    expect(ring.peek("big")).toBeUndefined();
    ring.put("small", "ok", 60);
    expect(ring.peek("small")).toBe("ok");
  });

  it("keeps Japanese text and lone surrogates' JSON escapes byte for byte", () => {
    const ring = new ByteRing({ maxEntries: 10, maxBytes: 10_000 });
    const text = JSON.stringify({ name: "適合性評価 ★1", lone: "\ud800" });
    ring.put("a", text, 60);
    expect(ring.peek("a")).toBe(text);
  });
});

describe("IssuedCredentials in process", () => {
  it("keeps 4,000 credentials of 6 KB with Japanese text (the LRU of strings, counted in UTF-16, kept ~2,400)", async () => {
    const issued = IssuedCredentials.inMemory(silent);
    const answer = JSON.stringify({ text: "日本語の説明".repeat(100), pad: "x".repeat(4_000) });
    for (let i = 0; i < 4_000; i++) {
      void issued.put(`id-${i}`, { token: `t${i}.x.y`, answer }, 3600);
    }
    expect(await issued.get("id-0")).toEqual({ token: "t0.x.y", answer });
    expect(await issued.get("id-3999")).toEqual({ token: "t3999.x.y", answer });
  });

  it("gives the shared store the token and the answer joined by a line break, and reads both back", async () => {
    const written: [string, string][] = [];
    const recording = {
      name: "recording",
      get: async () => undefined,
      set: async (key: string, value: string) => void written.push([key, value]),
    };
    const issued = new IssuedCredentials(silent, recording);
    const answer = JSON.stringify({ name: "適合性評価 ★1" });
    await issued.put("id", { token: "a.b.c", answer }, 60);
    expect(written).toEqual([["kakehashi:credential:id", `a.b.c\n${answer}`]]);
    expect(await issued.get("id")).toEqual({ token: "a.b.c", answer });
  });

  it("hands back the shared store's write, which never rejects (a failure is logged, the answer stands)", async () => {
    const warnings: unknown[] = [];
    const failing = {
      name: "failing",
      get: async () => undefined,
      set: async () => {
        throw new Error("down");
      },
    };
    const issued = new IssuedCredentials({ ...silent, warn: (fields) => warnings.push(fields) }, failing);
    await expect(issued.put("id", { token: "a.b.c", answer: "{}" }, 60)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(await issued.get("id")).toEqual({ token: "a.b.c", answer: "{}" });
  });
});
