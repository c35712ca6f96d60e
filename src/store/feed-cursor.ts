import { FEED_RETENTION_MS, parseCursor, StoreConflict } from "./record-store.ts";

/**
 * The cluster layout's feed cursor: one stream position per partition, `<ms>-<seq>` each, joined by `.` in partition
 * order (`1733490000000-0.0-0.1733490000123-2…`). A partition the reader has not met yet is `0-0`. The single-node
 * cursor (one `<ms>-<seq>`) is also accepted here, as "every partition after this position" — so a cursor shaped
 * like the single-node one is never a bad request on a cluster. See docs/scaling.md for the ordering guarantee.
 */
export type StreamId = { ms: number; seq: number };

export const ZERO: StreamId = { ms: 0, seq: 0 };

export function compareIds(a: StreamId, b: StreamId): number {
  return a.ms - b.ms || a.seq - b.seq;
}

export const formatId = (id: StreamId) => `${id.ms}-${id.seq}`;

/** Positions per partition; bad-cursor for a malformed one, cursor-expired when even its newest part is too old. */
export function parseCompositeCursor(since: string, partitions: number, now: number): StreamId[] {
  const parts = since.split(".");
  const ids = parts.map((part) => parseCursor(part));
  const valid = ids.every((id) => id !== undefined) && (ids.length === 1 || ids.length === partitions);
  if (!valid) throw new StoreConflict("bad-cursor", `"${since.slice(0, 40)}" is not a feed cursor`);
  const positions =
    ids.length === 1 ? Array.from({ length: partitions }, () => ids[0] as StreamId) : (ids as StreamId[]);
  // A partition with no writes keeps an old position; the reader's newest position says how far it has read.
  const newest = positions.reduce((a, b) => (compareIds(a, b) >= 0 ? a : b));
  if (newest.ms < now - FEED_RETENTION_MS) {
    throw new StoreConflict("cursor-expired", "the cursor is older than the feed's retention; resync");
  }
  return positions;
}

export function formatCompositeCursor(positions: StreamId[]): string {
  return positions.map(formatId).join(".");
}

export interface FeedEntry {
  partition: number;
  id: StreamId;
  raw: [string, string[]];
}

/**
 * Merges per-partition reads into one page, in (stream id, partition) order. Each partition was read up to `fetched`
 * entries after its position; one that returned that many may hold more, so the page stops at the earliest last
 * entry among the full reads — everything before that point has been read from every partition, so no entry is
 * passed over. Returns the page and the positions after it.
 */
export function mergePartitions(
  reads: FeedEntry[][],
  fetched: number,
  limit: number,
  positions: StreamId[],
): { page: FeedEntry[]; positions: StreamId[] } {
  let bound: StreamId | undefined;
  for (const read of reads) {
    const last = read.at(-1);
    if (read.length >= fetched && last && (!bound || compareIds(last.id, bound) < 0)) bound = last.id;
  }
  const all = reads
    .flat()
    .filter((entry) => !bound || compareIds(entry.id, bound) <= 0)
    .sort((a, b) => compareIds(a.id, b.id) || a.partition - b.partition);
  const page = all.slice(0, limit);
  const after = [...positions];
  for (const entry of page) after[entry.partition] = entry.id;
  return { page, positions: after };
}
