import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyCanonical } from "../../src/schemas/record.ts";
import type { Change, RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { connectRedis } from "../../src/store/redis-connection.ts";
import { clusterPartitions, partitionOf } from "../../src/store/redis-keys.ts";
import { SlotMoving } from "../../src/store/redis-redirections.ts";
import { slotOf } from "../../src/store/redis-slot.ts";
import { startCluster, type TestCluster } from "../helpers/redis-cluster.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";

/**
 * The record store while a partition's slot moves from one master to another, as `redis-cli --cluster reshard` moves
 * it (CLUSTER SETSLOT … IMPORTING / MIGRATING, MIGRATE of some keys, SETSLOT … NODE), on a real 3+3 cluster started
 * once for this file. Half-way, some of the slot's keys are on the target (the source answers ASK for them) and the
 * rest on the source: every read must still find every record, list entry and feed entry; a write — one script over
 * the record's six keys — runs where all six are, or is refused by Redis (TRYAGAIN) and never half-applied. The store
 * retries TRYAGAIN for a while and then throws SlotMoving (a 503 at the API): nothing of it written.
 */
const installed = redisServerInstalled();
const PARTITIONS = 4;

const canonical = (id: string, holder: string) => ({
  ...emptyCanonical("jc-star"),
  level: "STAR-1",
  registrationId: id,
  holder: { name: holder, address: null, identifiers: [] },
  product: { ...emptyCanonical("jc-star").product, name: "Home Gateway" },
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

/** Every change of the feed from its start whose registration id starts with `prefix`. */
async function feedOf(store: RecordStore, prefix: string): Promise<Change[]> {
  const feed: Change[] = [];
  let cursor: string | undefined;
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
    const created = connectRedis(
      { kind: "cluster", nodes: cluster.nodes, tls: false },
      { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 5000 },
    ) as Cluster;
    created.on("error", () => {});
    clients.push(created);
    if (created.status !== "ready") await new Promise((resolve) => created.once("ready", resolve));
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
      const store = new RedisRecordStore(await client(), { partitions: PARTITIONS, waitReplicas, waitTimeoutMs: 2000 });
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
      const moved = ids.slice(0, 6);
      await reshard.moveKeys(moved.map((id) => part?.recordKey("jc-star", id) ?? ""));

      for (const id of ids) {
        expect((await store.get("jc-star", id))?.canonical.holder.name).toBe(holder);
      }
      const listed = (await store.list({ holder }, undefined, 100)).records.map((record) => record.registrationId);
      expect(listed.sort()).toEqual([...ids].sort());
      expect((await feedOf(store, run)).map((change) => change.registrationId).sort()).toEqual([...ids].sort());
      for (const id of [ids[0], ids[11]] as string[]) {
        expect((await store.findByUrl(`https://registry.example/r/${id}`)).map((r) => r.registrationId)).toEqual([id]);
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
    },
    120_000,
  );
});
