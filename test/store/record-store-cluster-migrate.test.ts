import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKPOINT, migrateStore } from "../../src/store/migrate.ts";
import type { Change, RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { clusterPartitions } from "../../src/store/redis-keys.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { listAll, variedJcStarCanonical } from "../helpers/records.ts";
import { startCluster, storeClusterClient, type TestCluster } from "../helpers/redis-cluster.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";

/**
 * `npm run store:migrate` from one Redis Cluster to another (docs/scaling.md, "Moving a store onto a cluster"): two
 * real 3+3 clusters started for this file, a store written on the first in 4 partitions, copied onto the second in
 * 6 partitions (more shards, a count that is not a multiple: each new partition takes entries from two old ones) and
 * then, the second emptied, in the same 4 partitions through the command itself. Every record, page, holder listing,
 * label URL and the feed's sequence must read on the target as on the source.
 */
const installed = redisServerInstalled();
const exec = promisify(execFile);
const FROM = 4;

async function feedOf(store: RecordStore, since?: string): Promise<Change[]> {
  const feed: Change[] = [];
  let cursor: string | undefined = since;
  for (let page = 0; page < 500; page++) {
    const read = await store.changes(cursor, 50, Date.now());
    feed.push(...read.changes);
    if (read.changes.length === 0) break;
    cursor = read.next ?? undefined;
  }
  return feed;
}

const withoutCursor = (changes: Change[]) => changes.map(({ cursor: _, ...change }) => change);

describe.skipIf(!installed)("store:migrate from one cluster to another", () => {
  let source: TestCluster;
  let target: TestCluster;
  const clients: Cluster[] = [];
  const client = async (cluster: TestCluster) => {
    const created = await storeClusterClient(cluster, 5000);
    clients.push(created);
    return created;
  };
  beforeAll(async () => {
    [source, target] = await Promise.all([startCluster(), startCluster()]);
  }, 120_000);
  afterAll(async () => {
    for (const created of clients) created.disconnect();
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it("copies records, indexes and the feed onto another partition count, then the same count by the command", async () => {
    const sourceClient = await client(source);
    const from = new RedisRecordStore(sourceClient, { partitions: FROM });
    const ids = Array.from({ length: 160 }, (_, n) => `CC-${n}`);
    const etags = new Map<string, string>();
    const write = async (id: string, n: number, holder: string) => {
      const ifMatch = etags.get(id);
      const { record } = await from.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: variedJcStarCanonical(id, n, holder),
        owner: "p1",
        ...(ifMatch ? { ifMatch } : { ifNoneMatch: "*" as const }),
        now: new Date().toISOString(),
      });
      etags.set(id, record.etag);
    };
    await Promise.all(ids.map((id, n) => write(id, n, `Holder ${n % 6}`)));
    // Entries of different partitions sharing a stream id, made certain rather than left to timing: every partition's
    // stream is moved to one id ahead of the clock, so Redis numbers each stream's next entries T-1, T-2, … alike.
    const shared = `${Date.now() + 60_000}-0`;
    for (const { feed } of clusterPartitions(FROM)) await sourceClient.xsetid(feed, shared);
    await Promise.all(ids.map((id, n) => (n % 3 === 0 ? write(id, n, `Holder ${n % 4} B`) : undefined)));
    for (const [n, id] of ids.entries()) {
      if (n % 7 === 0) {
        await from.withdraw({
          scheme: "jc-star",
          registrationId: id,
          ifMatch: etags.get(id) ?? "",
          now: new Date().toISOString(),
        });
      }
    }
    expect(await from.expireDue("2026-01-01", new Date().toISOString())).toBe(1);
    const sourceFeed = await feedOf(from);
    expect(sourceFeed.length).toBe(160 + 54 + 23 + 1);

    // 4 → 6 partitions, interrupted after two batches and started again.
    const targetClient = await client(target);
    let batches = 0;
    const interrupted = migrateStore({
      source: { client: sourceClient, partitions: FROM },
      target: { client: targetClient, partitions: 6 },
      batch: 40,
      onProgress: (progress) => {
        if (progress.phase === "records" && ++batches === 2) throw new Error("interrupted");
      },
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    const report = await migrateStore({
      source: { client: sourceClient, partitions: FROM },
      target: { client: targetClient, partitions: 6 },
      batch: 40,
    });
    expect(report.counts.records).toEqual({ source: 160, target: 160 });
    expect(report.counts.feedEntries).toEqual({ source: sourceFeed.length, target: sourceFeed.length });
    expect(report.counts.holderEntries.target).toBe(report.counts.holderEntries.source);
    expect(report.counts.scheduledExpiries.target).toBe(report.counts.scheduledExpiries.source);
    expect(report.ok).toBe(true);
    const six = new RedisRecordStore(targetClient, { partitions: 6 });
    expect(await listAll(six)).toEqual(await listAll(from));
    expect(await listAll(six, "Holder 1 B")).toEqual(await listAll(from, "Holder 1 B"));
    expect((await listAll(six, "Holder 2")).length).toBeGreaterThan(0);
    for (const id of [ids[1], ids[2], ids[7]] as string[]) {
      const url = `https://registry.example/r/${id}`;
      expect(await six.findByUrl(url)).toEqual(await from.findByUrl(url));
    }
    // Every change once, each record's changes in order.
    const sixFeed = withoutCursor(await feedOf(six));
    expect(sixFeed).toHaveLength(sourceFeed.length);
    const byRecord = (feed: Omit<Change, "cursor">[]) => {
      const groups = new Map<string, Omit<Change, "cursor">[]>();
      for (const change of feed)
        groups.set(change.registrationId, [...(groups.get(change.registrationId) ?? []), change]);
      return groups;
    };
    expect(byRecord(sixFeed)).toEqual(byRecord(withoutCursor(sourceFeed)));
    // The streams numbered alike after the first wave: entries of two old partitions met in one new partition.
    expect(report.feed.renumbered).toBeGreaterThan(0);
    // The old cluster's cursor names 4 positions: refused on 6 partitions. Its oldest position, as a single-node
    // cursor, misses nothing the partner had not read (some changes come again).
    const middle = sourceFeed[100] as Change;
    await expect(six.changes(middle.cursor, 50, Date.now())).rejects.toThrow(/not a feed cursor/);
    const oldest = (middle.cursor.split(".") as string[]).sort((a, b) => {
      const [am = 0, as = 0] = a.split("-").map(Number);
      const [bm = 0, bs = 0] = b.split("-").map(Number);
      return am - bm || as - bs;
    })[0] as string;
    const resumedFeed = withoutCursor(await feedOf(six, oldest));
    expect(resumedFeed.length).toBeLessThan(sourceFeed.length);
    const resumed = JSON.stringify(resumedFeed);
    for (const change of withoutCursor(sourceFeed.slice(101))) expect(resumed).toContain(JSON.stringify(change));
    // Running it again copies no feed entry twice.
    const again = await migrateStore({
      source: { client: sourceClient, partitions: FROM },
      target: { client: targetClient, partitions: 6 },
    });
    expect(again.feed.copied).toBe(0);
    expect(again.counts).toEqual(report.counts);

    // The same count onto an emptied cluster, by the command: the feed is the same sequence, with the same cursors.
    for (const { port } of target.nodes) {
      const node = target.connect(port);
      await node.flushall().catch(() => "a replica");
      node.disconnect();
    }
    const cli = await exec(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/store-migrate.ts",
        "--from",
        `redis+cluster://${source.nodes[0]?.host}:${source.nodes[0]?.port}`,
        "--from-partitions",
        String(FROM),
        "--to",
        target.seeds,
        "--partitions",
        String(FROM),
      ],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? "" }, timeout: 60_000 },
    );
    expect(cli.stdout).toMatch(/^records: source 160, target 160$/m);
    expect(cli.stdout).toMatch(/^verified: /m);
    const four = new RedisRecordStore(targetClient, { partitions: FROM });
    expect(await listAll(four)).toEqual(await listAll(from));
    expect(await feedOf(four)).toEqual(sourceFeed);
    // A partner's cursor from the old cluster resumes on the new one exactly where it was.
    expect(await feedOf(four, middle.cursor)).toEqual(sourceFeed.slice(101));
    expect(await targetClient.get(CHECKPOINT)).toBeNull();
  }, 180_000);
});
