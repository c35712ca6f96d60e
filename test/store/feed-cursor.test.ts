import { describe, expect, it } from "vitest";
import { type FeedEntry, mergePartitions, parseCompositeCursor } from "../../src/store/feed-cursor.ts";
import { FEED_CURSOR, FEED_RETENTION_MS, StoreConflict } from "../../src/store/record-store.ts";

/** The cluster feed's composite cursor and the merge of partition reads (docs/scaling.md, "ordering guarantee"). */
const entry = (partition: number, ms: number, seq = 0): FeedEntry => ({
  partition,
  id: { ms, seq },
  raw: [`${ms}-${seq}`, []],
});

describe("composite feed cursor", () => {
  it("the request shape accepts a single-node cursor and a composite one, nothing else", () => {
    expect(FEED_CURSOR.test("1733490000000-0")).toBe(true);
    expect(FEED_CURSOR.test("1733490000000-0.0-0.1733490000123-2")).toBe(true);
    expect(FEED_CURSOR.test("1733490000000-0.")).toBe(false);
    expect(FEED_CURSOR.test("1-0;2-0")).toBe(false);
  });

  it("reads a single-node cursor as every partition's position; refuses a wrong count; expires by its newest part", () => {
    const now = Date.now();
    expect(parseCompositeCursor(`${now}-1`, 3, now)).toEqual([
      { ms: now, seq: 1 },
      { ms: now, seq: 1 },
      { ms: now, seq: 1 },
    ]);
    expect(() => parseCompositeCursor(`${now}-0.${now}-0`, 3, now)).toThrow(StoreConflict);
    // An idle partition keeps an old position: not expired while another part is recent.
    expect(parseCompositeCursor(`0-0.${now}-0.0-0`, 3, now)).toHaveLength(3);
    const old = now - FEED_RETENTION_MS - 1000;
    expect(() => parseCompositeCursor(`${old}-0.0-0.0-0`, 3, now)).toThrow(/retention/);
  });

  it("merges in id order and stops where a full read ends, so no partition's later entry is passed over", () => {
    // Partition 0 returned a full read (2 of 2) ending at 20; partition 1 returned less: it has nothing more.
    const { page, positions } = mergePartitions([[entry(0, 10), entry(0, 20)], [entry(1, 15)]], 2, 10, [
      { ms: 0, seq: 0 },
      { ms: 0, seq: 0 },
    ]);
    expect(page.map((e) => `${e.partition}:${e.id.ms}`)).toEqual(["0:10", "1:15", "0:20"]);
    expect(positions).toEqual([
      { ms: 20, seq: 0 },
      { ms: 15, seq: 0 },
    ]);
    // Both reads full: partition 1's entry at 30 lies past partition 0's last (20), which may have more before 30.
    const bounded = mergePartitions(
      [
        [entry(0, 10), entry(0, 20)],
        [entry(1, 15), entry(1, 30)],
      ],
      2,
      10,
      [
        { ms: 0, seq: 0 },
        { ms: 0, seq: 0 },
      ],
    );
    expect(bounded.page.map((e) => `${e.partition}:${e.id.ms}`)).toEqual(["0:10", "1:15", "0:20"]);
    expect(bounded.positions[1]).toEqual({ ms: 15, seq: 0 });
  });
});
