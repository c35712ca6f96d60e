import { compareIds, type FeedEntry, formatId, mergePartitions, type StreamId } from "./feed-cursor.ts";
import { holderKey, normaliseLabelUrl } from "./record-store.ts";
import type { RedisClient } from "./redis-connection.ts";
import { clusterPartitions, type Partition, partitionOf, SINGLE } from "./redis-keys.ts";
import { checkPartitionLayout } from "./redis-layout.ts";

/**
 * Copies a record store from one Redis layout into a cluster's partitioned layout (`npm run store:migrate`,
 * src/cli/store-migrate.ts): a single node onto a cluster, or a cluster onto another partition count.
 *
 * 1. Records, in listing order: each record's hash is written to its partition on the target with its index entries
 *    (listing, holder, label URL, expiry schedule) in one script, so a record is never half-copied. A record already
 *    on the target at a newer version (written there after a cut-over) is kept.
 * 2. The change feed, in stream-id order, each entry into its record's partition **with its original id** — so the
 *    merged feed on the cluster is the same sequence, and a partner's single-node cursor (`<ms>-<seq>`), which a
 *    cluster reads as "every partition after this position", resumes exactly where it was. (From a cluster onto
 *    another partition count, an entry whose id another old partition's entry already took in its new partition gets
 *    the next free id there.)
 * 3. A verification: the records, holder and expiry entries and feed entries counted on both sides.
 *
 * Resumable: the records' position is kept on the target (CHECKPOINT) after every batch, and each target
 * partition keeps the last source entry it took (feedMark) — an interrupted run started again carries on.
 * Idempotent: a finished run forgets its records' position, so running again copies every record again (the same
 * values) and no feed entry twice; that is also how to catch up with writes made to the source meanwhile. Not
 * copied: idempotency keys and rate-limit windows (short-lived), quarantined values.
 */
export const CHECKPOINT = "kakehashi:{kakehashi:migration}:records-after";

// KEYS: record, label-url index, listing, expiry schedule, holder index. ARGV: version, label URL (""), holder key,
// expiry day ("" = none), "scheme|id", then the record hash's field/value pairs.
const COPY = `
local cur = redis.call('HMGET', KEYS[1], 'version', 'labelUrl', 'holder')
if cur[1] and (tonumber(cur[1]) or 0) > (tonumber(ARGV[1]) or 0) then return 'newer' end
if cur[2] and cur[2] ~= '' and cur[2] ~= ARGV[2] then redis.call('ZREM', KEYS[2], cur[2] .. ' ' .. KEYS[1]) end
if cur[3] and cur[3] ~= ARGV[3] then redis.call('ZREM', KEYS[5], cur[3] .. '|' .. ARGV[5]) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('ZADD', KEYS[3], 0, ARGV[5])
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], 0, ARGV[2] .. ' ' .. KEYS[1]) end
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[4], ARGV[4], KEYS[1]) else redis.call('ZREM', KEYS[4], KEYS[1]) end
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[5], 0, ARGV[3] .. '|' .. ARGV[5]) end
return 'copied'
`;

export interface MigrationSide {
  client: RedisClient;
  /** Unset: the single-node layout. */
  partitions?: number;
}

export type MigrationProgress =
  | { phase: "records"; copied: number; after: string }
  | { phase: "feed"; copied: number; skipped: number }
  | { phase: "verify" };

export interface MigrationReport {
  records: { copied: number; keptNewer: number; notHashes: string[] };
  /** Renumbered: entries that took the next free id in their target partition (see the feed step). */
  feed: { copied: number; alreadyThere: number; renumbered: number };
  /** Each count on the source and on the target; `ok` when every target count reaches its source count. */
  counts: Record<"records" | "holderEntries" | "scheduledExpiries" | "feedEntries", { source: number; target: number }>;
  ok: boolean;
}

function layout(side: MigrationSide): Partition[] {
  return side.partitions === undefined ? [SINGLE] : clusterPartitions(side.partitions);
}

export async function migrateStore(options: {
  source: MigrationSide;
  target: { client: RedisClient; partitions: number };
  /** Records per batch (and feed entries per partition read). */
  batch?: number;
  /** Hears of each batch; throwing from it stops the run, as a crash would (the tests interrupt it so). */
  onProgress?: (progress: MigrationProgress) => void;
}): Promise<MigrationReport> {
  const { source, target } = options;
  const batch = options.batch ?? 500;
  const from = layout(source);
  const to = clusterPartitions(target.partitions);
  // Partitions of two counts share key names (p0, p1, …): copying a cluster onto itself would overwrite as it reads.
  if (source.partitions !== undefined) {
    const [ours, theirs] = await Promise.all([masterIds(source.client), masterIds(target.client)]);
    if ([...ours].some((id) => theirs.has(id))) {
      throw new Error("the source and the target are the same cluster: copy into another cluster");
    }
  }
  // The target's partition count is fixed from here on, as a store's first start fixes it.
  await checkPartitionLayout(target.client, target.partitions);
  target.client.defineCommand("kakehashiCopy", { numberOfKeys: 5, lua: COPY });
  const copy = target.client as unknown as { kakehashiCopy: (...args: string[]) => Promise<string> };

  const report: MigrationReport = {
    records: { copied: 0, keptNewer: 0, notHashes: [] },
    feed: { copied: 0, alreadyThere: 0, renumbered: 0 },
    counts: {
      records: { source: 0, target: 0 },
      holderEntries: { source: 0, target: 0 },
      scheduledExpiries: { source: 0, target: 0 },
      feedEntries: { source: 0, target: 0 },
    },
    ok: false,
  };

  // 1. Records, in listing order across the source's partitions, from the checkpoint on.
  let after = (await target.client.get(CHECKPOINT)) ?? undefined;
  for (;;) {
    const low = after === undefined ? "-" : `(${after}`;
    const reads = await Promise.all(
      from.map((part) => source.client.zrangebylex(part.listing, low, "+", "LIMIT", 0, batch)),
    );
    const members = reads
      .flat()
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .slice(0, batch);
    if (members.length === 0) break;
    await Promise.all(
      members.map(async (member) => {
        const [scheme = "", ...rest] = member.split("|");
        const id = rest.join("|");
        const sourcePart = from[partitionOf(scheme, id, from.length)] as Partition;
        const targetPart = to[partitionOf(scheme, id, to.length)] as Partition;
        const sourceKey = sourcePart.recordKey(scheme, id);
        const targetKey = targetPart.recordKey(scheme, id);
        const [hash, expiry] = await Promise.all([
          source.client.hgetall(sourceKey).catch((error: Error) => {
            if (/^WRONGTYPE/.test(error.message)) return undefined;
            throw error;
          }),
          source.client.zscore(sourcePart.expiries, sourceKey),
        ]);
        if (hash === undefined) {
          // Not a hash: a corrupt value, moved as it is (DUMP/RESTORE) for the operator to find and quarantine there.
          const dump = await source.client.dumpBuffer(sourceKey);
          if (dump) await target.client.restore(targetKey, 0, dump, "REPLACE");
          await target.client.zadd(targetPart.listing, 0, member);
          report.records.notHashes.push(member);
          return;
        }
        if (Object.keys(hash).length === 0) return; // listed but gone (quarantined meanwhile): nothing to copy
        const { labelUrl, holder } = indexFields(hash);
        const fields = Object.entries(hash).flat();
        const outcome = await copy.kakehashiCopy(
          targetKey,
          targetPart.urls,
          targetPart.listing,
          targetPart.expiries,
          targetPart.holders,
          hash.version ?? "0",
          labelUrl,
          holder,
          expiry ?? "",
          member,
          ...fields,
        );
        if (outcome === "newer") report.records.keptNewer++;
        else report.records.copied++;
      }),
    );
    after = members.at(-1) as string;
    await target.client.set(CHECKPOINT, after);
    options.onProgress?.({ phase: "records", copied: report.records.copied, after });
  }

  // 2. The feed, merged across the source's partitions in (stream id, partition) order, each entry into its
  // record's partition. Each target partition remembers, with the entries (one MULTI on its slot), the last source
  // entry it took (FEED_MARK): a run started again skips up to there. Entries from two source partitions can share a
  // stream id (each stream numbers its own); when both land in one target partition the later one takes the next
  // free id there (renumbered), as XADD needs ids that grow.
  const lastIds = await Promise.all(
    to.map(async (part) => {
      const [last] = (await target.client.xrevrange(part.feed, "+", "-", "COUNT", 1)) as [string, string[]][];
      return last ? parseId(last[0]) : { ms: 0, seq: 0 };
    }),
  );
  // What each target stream held before this run (lastIds moves on as entries are added).
  const startIds = [...lastIds];
  const marks = await Promise.all(to.map(async (part) => parseMark(await target.client.get(feedMark(part)))));
  let positions: StreamId[] = from.map(() => ({ ms: 0, seq: 0 }));
  for (;;) {
    const reads = await Promise.all(
      from.map(async (part, index): Promise<FeedEntry[]> => {
        const position = positions[index] as StreamId;
        const start = position.ms === 0 && position.seq === 0 ? "-" : `(${position.ms}-${position.seq}`;
        const entries = (await source.client.xrange(part.feed, start, "+", "COUNT", batch)) as [string, string[]][];
        return entries.map((raw) => ({ partition: index, id: parseId(raw[0]), raw }));
      }),
    );
    const merged = mergePartitions(reads, batch, batch * from.length, positions);
    if (merged.page.length === 0) break;
    // Per target partition, in merged order, one transaction each: a partition's ids must only grow.
    const byPartition = new Map<number, { entry: FeedEntry; id: StreamId }[]>();
    for (const entry of merged.page) {
      const fields = fieldMap(entry.raw[1]);
      const index =
        fields.scheme !== undefined ? partitionOf(fields.scheme, fields.registrationId ?? "", to.length) : 0;
      const last = lastIds[index] as StreamId;
      const mark = marks[index];
      // Without a mark (a target the tool has not written the feed of), an id at or below the stream's last is there.
      const copied = mark
        ? compareIds(entry.id, mark.id) < 0 ||
          (compareIds(entry.id, mark.id) === 0 && entry.partition <= mark.partition)
        : compareIds(entry.id, startIds[index] as StreamId) <= 0;
      if (copied) {
        report.feed.alreadyThere++;
        continue;
      }
      const id = compareIds(entry.id, last) > 0 ? entry.id : { ms: last.ms, seq: last.seq + 1 };
      if (id !== entry.id) report.feed.renumbered++;
      lastIds[index] = id;
      byPartition.set(index, [...(byPartition.get(index) ?? []), { entry, id }]);
    }
    await Promise.all(
      [...byPartition].map(async ([index, entries]) => {
        const part = to[index] as Partition;
        const transaction = target.client.multi();
        for (const { entry, id } of entries) transaction.xadd(part.feed, formatId(id), ...entry.raw[1]);
        const lastEntry = (entries.at(-1) as { entry: FeedEntry }).entry;
        transaction.set(feedMark(part), `${formatId(lastEntry.id)}/${lastEntry.partition}`);
        for (const [error] of (await transaction.exec()) ?? []) if (error) throw error;
        marks[index] = { id: lastEntry.id, partition: lastEntry.partition };
        report.feed.copied += entries.length;
      }),
    );
    positions = merged.positions;
    options.onProgress?.({ phase: "feed", copied: report.feed.copied, skipped: report.feed.alreadyThere });
  }
  await target.client.del(CHECKPOINT);

  // 3. Verification: every count on the target at least the source's (more only where the target was written to).
  options.onProgress?.({ phase: "verify" });
  const sum = async (client: RedisClient, parts: Partition[], count: CountOf) =>
    (await Promise.all(parts.map((part) => count(client, part)))).reduce((a, b) => a + b, 0);
  const countBoth = async (count: CountOf) => ({
    source: await sum(source.client, from, count),
    target: await sum(target.client, to, count),
  });
  report.counts.records = await countBoth((client, part) => client.zcard(part.listing));
  report.counts.holderEntries = await countBoth((client, part) => client.zcard(part.holders));
  report.counts.scheduledExpiries = await countBoth((client, part) => client.zcard(part.expiries));
  report.counts.feedEntries = await countBoth((client, part) => client.xlen(part.feed));
  report.ok = Object.values(report.counts).every(({ source: s, target: t }) => t >= s);
  return report;
}

/** The node ids of a cluster client's masters. */
async function masterIds(client: RedisClient): Promise<Set<string>> {
  const nodes = "nodes" in client && typeof client.nodes === "function" ? client.nodes("master") : [];
  return new Set(await Promise.all(nodes.map(async (node) => String(await node.cluster("MYID")))));
}

type CountOf = (client: RedisClient, part: Partition) => Promise<number>;

/** The index fields a record's hash names, derived from its canonical record where an older hash lacks them. */
function indexFields(hash: Record<string, string>): { labelUrl: string; holder: string } {
  let canonical: { urls?: { registry?: string | null }; holder?: { name?: string } } | undefined;
  try {
    canonical = hash.canonical ? JSON.parse(hash.canonical) : undefined;
  } catch {
    canonical = undefined;
  }
  const registry = canonical?.urls?.registry;
  const labelUrl = hash.labelUrl ?? ((registry && normaliseLabelUrl(registry)) || "");
  const name = canonical?.holder?.name;
  const holder = hash.holder ?? (typeof name === "string" ? holderKey(name) : "");
  return { labelUrl, holder };
}

/** Where a target partition keeps the last source entry (stream id / source partition) it took: its own slot. */
export const feedMark = (part: Partition) => `${part.prefix}:migration-feed`;

function parseMark(mark: string | null): { id: StreamId; partition: number } | undefined {
  const [id, partition] = mark?.split("/") ?? [];
  return id === undefined || partition === undefined ? undefined : { id: parseId(id), partition: Number(partition) };
}

function parseId(id: string): StreamId {
  const [ms = "0", seq = "0"] = id.split("-");
  return { ms: Number(ms), seq: Number(seq) };
}

function fieldMap(fields: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i] as string] = fields[i + 1] as string;
  return map;
}
