import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyCanonical } from "../../src/contracts/record.ts";
import { CHECKPOINT, migrateStore } from "../../src/store/migrate.ts";
import type { Change, RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { clusterPartitions, partitionOf } from "../../src/store/redis-keys.ts";
import { LAYOUT_KEY } from "../../src/store/redis-layout.ts";
import { SlotMoving } from "../../src/store/redis-redirections.ts";
import { slotOf } from "../../src/store/redis-slot.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { jcStarCanonical, listAll, variedJcStarCanonical } from "../helpers/records.ts";
import { readyDuplicate, startCluster, storeClusterClient, type TestCluster } from "../helpers/redis-cluster.ts";
import { redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";

/**
 * Data moving on a real 3+3 cluster started once for this file: a partition's slot moving between masters (below),
 * and a single node's store copied onto the cluster by the migration tool (at the end).
 *
 * The record store while a partition's slot moves from one master to another, as `redis-cli --cluster reshard` moves
 * it (CLUSTER SETSLOT … IMPORTING / MIGRATING, MIGRATE of some keys, SETSLOT … NODE), on a real 3+3 cluster started
 * once for this file. Half-way, some of the slot's keys are on the target (the source answers ASK for them) and the
 * rest on the source: every read must still find every record, list entry and feed entry; a write — one script over
 * the record's six keys — runs where all six are, or is refused by Redis (TRYAGAIN) and never half-applied. The store
 * retries TRYAGAIN for a while and then throws SlotMoving (a 503 at the API): nothing of it written.
 */
const installed = redisServerInstalled();
const exec = promisify(execFile);
const PARTITIONS = 4;

const canonical = (id: string, holder: string) =>
  jcStarCanonical(id, holder, {
    urls: { registry: `https://registry.example/r/${id}`, document: null, supportContact: null },
    // A valid-until date, so the partition's expiry schedule exists too: a key that exists nowhere counts as moved.
    dates: { ...emptyCanonical("jc-star").dates, validUntil: "2031-03-31" },
  });

/** `count` registration ids, all in `partition`. */
function idsIn(partition: number, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n++) {
    const id = `${prefix}-${n}`;
    if (partitionOf("jc-star", id, PARTITIONS) === partition) ids.push(id);
  }
  return ids;
}

async function outcome(write: Promise<unknown>): Promise<"acknowledged" | "slot-moving" | string> {
  try {
    await write;
    return "acknowledged";
  } catch (error) {
    return error instanceof SlotMoving ? "slot-moving" : String(error);
  }
}

/** Every change of the feed from `since` on whose registration id starts with `prefix`. */
async function feedOf(store: RecordStore, prefix: string, since?: string): Promise<Change[]> {
  const feed: Change[] = [];
  let cursor: string | undefined = since;
  for (let page = 0; page < 200; page++) {
    const read = await store.changes(cursor, 100, Date.now());
    feed.push(...read.changes.filter((change) => change.registrationId.startsWith(prefix)));
    if (read.changes.length === 0) break;
    cursor = read.next ?? undefined;
  }
  return feed;
}

describe.skipIf(!installed)("record store while a slot moves between masters (ASK, TRYAGAIN)", () => {
  let cluster: TestCluster;
  const clients: Cluster[] = [];
  const client = async () => {
    const created = await storeClusterClient(cluster, 5000);
    clients.push(created);
    return created;
  };
  beforeAll(async () => {
    cluster = await startCluster();
  }, 90_000);
  afterAll(async () => {
    for (const created of clients) created.disconnect();
    await cluster?.stop();
  });

  it.each([
    { waitReplicas: 0, partition: 1 },
    { waitReplicas: 1, partition: 2 },
  ])(
    "partition $partition, WAIT $waitReplicas: reads follow ASK; writes land whole or answer SlotMoving unapplied",
    async ({ waitReplicas, partition }) => {
      const reader = await client();
      // Under WAIT the writes go over their own connection (src/node-server.ts): its ASK/MOVED handling is tested here.
      const writeClient = waitReplicas > 0 ? await readyDuplicate(reader) : undefined;
      if (writeClient) clients.push(writeClient);
      const store = new RedisRecordStore(reader, {
        partitions: PARTITIONS,
        waitReplicas,
        waitTimeoutMs: 2000,
        ...(writeClient ? { writeClient } : {}),
      });
      const run = `M${waitReplicas}x${Date.now()}`;
      const ids = idsIn(partition, 12, run);
      const holder = `Holder ${run}`;
      const etags = new Map<string, string>();
      for (const id of ids) {
        const { record } = await store.put({
          scheme: "jc-star",
          registrationId: id,
          canonical: canonical(id, holder),
          owner: "p1",
          ifNoneMatch: "*",
          now: new Date().toISOString(),
        });
        etags.set(id, record.etag);
      }
      const part = clusterPartitions(PARTITIONS)[partition];
      const slot = slotOf(part?.feed ?? "");
      const from = (await cluster.shardOf(slot)).master;
      const masters = new Set<number>();
      for (const probe of [0, 6000, 12000]) masters.add((await cluster.shardOf(probe)).master);
      const to = [...masters].find((port) => port !== from) as number;

      // Half-moved: the first six records' keys are on the target; the indexes and the feed still on the source.
      const reshard = await cluster.reshard(slot, to);
      try {
        const moved = ids.slice(0, 6);
        await reshard.moveKeys(moved.map((id) => part?.recordKey("jc-star", id) ?? ""));

        for (const id of ids) {
          expect((await store.get("jc-star", id))?.canonical.holder.name).toBe(holder);
        }
        const listed = (await store.list({ holder }, undefined, 100)).records.map((record) => record.registrationId);
        expect(listed.sort()).toEqual([...ids].sort());
        expect((await feedOf(store, run)).map((change) => change.registrationId).sort()).toEqual([...ids].sort());
        for (const id of [ids[0], ids[11]] as string[]) {
          expect((await store.findByUrl(`https://registry.example/r/${id}`)).map((r) => r.registrationId)).toEqual([
            id,
          ]);
        }

        // A write whose six keys are all on the source runs there; one whose record key moved (or a new record, whose
        // key is nowhere yet) is TRYAGAIN on the target until the slot has moved: refused, nothing written.
        const update = (id: string) =>
          store.put({
            scheme: "jc-star",
            registrationId: id,
            canonical: canonical(id, `${holder} B`),
            owner: "p1",
            ifMatch: etags.get(id) ?? "",
            now: new Date().toISOString(),
          });
        const create = (id: string) =>
          store.put({
            scheme: "jc-star",
            registrationId: id,
            canonical: canonical(id, holder),
            owner: "p1",
            ifNoneMatch: "*",
            now: new Date().toISOString(),
          });
        const [newcomer, late] = idsIn(partition, 14, `${run}-new`).slice(12);
        expect(await outcome(update(ids[11] as string))).toBe("acknowledged");
        expect(await outcome(update(ids[0] as string))).toBe("slot-moving");
        expect(await outcome(create(newcomer as string))).toBe("slot-moving");
        expect((await store.get("jc-star", ids[0] as string))?.version).toBe(1);
        expect(await store.get("jc-star", newcomer as string)).toBeUndefined();

        // Every key moved, the slot not yet handed over: the source answers ASK for all of them, and a write follows it
        // to the target, where all six keys now are (WAIT, when asked for, on the node that ran it).
        const during = [update(ids[1] as string), update(ids[7] as string), create(late as string)].map(outcome);
        await reshard.moveKeys(await reshard.keysLeft());
        expect(await outcome(update(ids[2] as string))).toBe("acknowledged");
        expect((await store.get("jc-star", ids[2] as string))?.version).toBe(2);
        // Writes sent while the rest of the slot moved and the slot is handed over: each either acknowledged or refused.
        await reshard.finish();
        const outcomes = await Promise.all(during);
        expect(outcomes.every((o) => o === "acknowledged" || o === "slot-moving")).toBe(true);
        await cluster.settled();

        // Afterwards the refused writes go through, and every record's feed holds exactly its versions, in order.
        expect(await outcome(update(ids[0] as string))).toBe("acknowledged");
        expect(await outcome(create(newcomer as string))).toBe("acknowledged");
        const versions = new Map<string, number>();
        for (const change of await feedOf(store, run)) {
          expect(change.version).toBe((versions.get(change.registrationId) ?? 0) + 1);
          versions.set(change.registrationId, change.version);
        }
        const all = [...ids, newcomer as string, late as string];
        for (const id of all) {
          const record = await store.get("jc-star", id);
          expect(record?.version ?? 0).toBe(versions.get(id) ?? 0);
        }
        const acknowledged = [ids[1], ids[7], late].filter((_, index) => outcomes[index] === "acknowledged");
        for (const id of acknowledged) expect(versions.get(id as string)).toBeGreaterThan(id === late ? 0 : 1);
        // The holder index moved with the slot and names each record once, under its current holder.
        const listedAfter = (await store.list({}, undefined, 500)).records.filter((r) =>
          r.registrationId.startsWith(run),
        );
        expect(listedAfter.map((r) => r.registrationId).sort()).toEqual(all.filter((id) => versions.has(id)).sort());
        expect((await cluster.shardOf(slot)).master).toBe(to);
      } finally {
        // A failed assertion must not leave the slot half-moved for the tests after it.
        await reshard.finish();
      }
    },
    120_000,
  );

  it("copies a single node's store onto the cluster: records, indexes and the feed in order; resumable, idempotent", async () => {
    let single: TestRedis | undefined;
    const sourceClient = await (async () => {
      single = await startRedis();
      return new Redis(single.url);
    })();
    try {
      const source = new RedisRecordStore(sourceClient);
      const run = `MIG${Date.now()}`;
      const ids = Array.from({ length: 150 }, (_, n) => `${run}-${n}`);
      const etags = new Map<string, string>();
      const write = async (id: string, n: number, holder: string, ifMatch?: string) => {
        // Some labels without a registry URL, some without a valid-until date, one already past it.
        const record = variedJcStarCanonical(id, n, holder);
        const { record: stored } = await source.put({
          scheme: "jc-star",
          registrationId: id,
          canonical: record,
          owner: "p1",
          ...(ifMatch ? { ifMatch } : { ifNoneMatch: "*" as const }),
          now: new Date().toISOString(),
        });
        etags.set(id, stored.etag);
      };
      for (const [n, id] of ids.entries()) await write(id, n, `Holder ${n % 6}`);
      // Updates (a new holder for every third), withdrawals (every seventh), and an expiry: more feed entries.
      for (const [n, id] of ids.entries()) if (n % 3 === 0) await write(id, n, `Holder ${n % 4} B`, etags.get(id));
      for (const [n, id] of ids.entries()) {
        if (n % 7 !== 0) continue;
        const scheme = "jc-star";
        await source.withdraw({
          scheme,
          registrationId: id,
          ifMatch: etags.get(id) ?? "",
          now: new Date().toISOString(),
        });
      }
      expect(await source.expireDue("2026-01-01", new Date().toISOString())).toBe(1);

      // An empty cluster (the slot-move tests above wrote to it).
      for (const { port } of cluster.nodes) {
        const node = cluster.connect(port);
        await node.flushall().catch(() => "a replica");
        node.disconnect();
      }
      const targetClient = await client();
      // Interrupted after two batches of records, as a crash would; started again, it carries on.
      let batches = 0;
      const interrupted = migrateStore({
        source: { client: sourceClient },
        target: { client: targetClient, partitions: PARTITIONS },
        batch: 40,
        onProgress: (progress) => {
          if (progress.phase === "records" && ++batches === 2) throw new Error("interrupted");
        },
      });
      await expect(interrupted).rejects.toThrow("interrupted");
      expect(await targetClient.get(CHECKPOINT)).toMatch(/\|/);
      const report = await migrateStore({
        source: { client: sourceClient },
        target: { client: targetClient, partitions: PARTITIONS },
        batch: 40,
      });
      expect(report.ok).toBe(true);
      expect(report.records.copied).toBe(150 - 80);
      expect(report.counts.records).toEqual({ source: 150, target: 150 });
      expect(report.counts.feedEntries.target).toBe(report.counts.feedEntries.source);
      expect(report.counts.holderEntries.target).toBe(report.counts.holderEntries.source);
      expect(report.counts.scheduledExpiries.target).toBe(report.counts.scheduledExpiries.source);
      expect(await targetClient.get(CHECKPOINT)).toBeNull();

      // The store contract on the cluster reads what the single node held: records, pages, holders, URLs, the feed.
      const target = new RedisRecordStore(targetClient, { partitions: PARTITIONS });
      expect(await listAll(target)).toEqual(await listAll(source));
      expect(await listAll(target, "Holder 1 B")).toEqual(await listAll(source, "Holder 1 B"));
      expect((await listAll(target, "Holder 2")).length).toBeGreaterThan(0);
      for (const id of [ids[1], ids[2], ids[7]] as string[]) {
        const url = `https://registry.example/r/${id}`;
        expect(await target.findByUrl(url)).toEqual(await source.findByUrl(url));
      }
      const withoutCursor = (changes: Change[]) => changes.map(({ cursor: _, ...change }) => change);
      const sourceFeed = await feedOf(source, run);
      expect(sourceFeed.length).toBe(150 + 50 + 22 + 1);
      expect(withoutCursor(await feedOf(target, run))).toEqual(withoutCursor(sourceFeed));
      // A partner's single-node cursor resumes on the cluster exactly where it was: the feed kept its ids.
      const middle = sourceFeed[100] as Change;
      expect(withoutCursor(await feedOf(target, run, middle.cursor))).toEqual(withoutCursor(sourceFeed.slice(101)));

      // Running it again changes nothing: the same records, no feed entry twice.
      const again = await migrateStore({
        source: { client: sourceClient },
        target: { client: targetClient, partitions: PARTITIONS },
      });
      expect(again.ok).toBe(true);
      expect(again.feed).toEqual({ copied: 0, alreadyThere: report.counts.feedEntries.source, renumbered: 0 });
      expect(again.counts).toEqual(report.counts);
      expect(await listAll(target)).toEqual(await listAll(source));

      // The cluster store carries on from the copied versions.
      const id = ids[3] as string;
      const { record } = await target.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: canonical(id, "Holder Z"),
        owner: "p1",
        ifMatch: etags.get(id) ?? "",
        now: new Date().toISOString(),
      });
      expect(record.version).toBe(3);

      // The command itself (npm run store:migrate): the record written on the cluster since is kept, not reverted.
      const cli = await exec(
        process.execPath,
        ["--import", "tsx", "src/cli/store-migrate.ts", "--from", single?.url ?? "", "--to", cluster.seeds],
        {
          cwd: projectRoot,
          env: { PATH: process.env.PATH ?? "", REDIS_CLUSTER_PARTITIONS: String(PARTITIONS) },
          timeout: 60_000,
        },
      );
      expect(cli.stdout).toMatch(/^records copied: 149; kept 1 newer on the target$/m);
      expect(cli.stdout).toMatch(/^records: source 150, target 150$/m);
      expect(cli.stdout).toMatch(/^verified: /m);
      expect((await target.get("jc-star", id))?.version).toBe(3);

      // Another partition count on the same cluster would share its key names: refused before anything is written.
      const onto = migrateStore({
        source: { client: targetClient, partitions: PARTITIONS },
        target: { client: targetClient, partitions: 8 },
      });
      await expect(onto).rejects.toThrow(/same cluster/);
      expect(await targetClient.get(LAYOUT_KEY)).toBe(String(PARTITIONS));
    } finally {
      sourceClient.disconnect();
      await single?.stop();
    }
  }, 120_000);
});
