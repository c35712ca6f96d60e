import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisIdempotencyStore } from "../../src/store/idempotency.ts";
import { RedisRateLimiter } from "../../src/store/rate-limiter.ts";
import type { Change } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { clusterPartitions, partitionOf } from "../../src/store/redis-keys.ts";
import { LAYOUT_KEY, LayoutMismatch } from "../../src/store/redis-layout.ts";
import { slotOf } from "../../src/store/redis-slot.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { contract, idempotencyContract } from "../helpers/record-store-contract.ts";
import { jcStarCanonical } from "../helpers/records.ts";
import { readyDuplicate, startCluster, storeClusterClient, type TestCluster } from "../helpers/redis-cluster.ts";
import { eventually, redisServerInstalled } from "../helpers/redis-server.ts";

/**
 * The record store on a real Redis Cluster (3 masters, 3 replicas, started once for this file): the store contract,
 * then writes under load while a master fails over twice — by CLUSTER FAILOVER on its replica, then by a SIGKILL.
 * With REDIS_WAIT_REPLICAS=1 no acknowledged write may be lost, and the feed must hold every one, in order per record.
 */
const installed = redisServerInstalled();
const run = promisify(execFile);

/**
 * Retries a read for a few seconds: right after a failover a client may still send to the old master until its slot
 * map is refreshed (the store answers those 503 + Retry-After, and a client retries).
 */
async function retrying<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
const PARTITIONS = 8;

describe.skipIf(!installed)("record store on a Redis Cluster (3 masters, 3 replicas)", () => {
  let cluster: TestCluster;
  const clients: Cluster[] = [];
  /** A client configured as the Node entry configures the store's (src/node-server.ts). */
  const client = async () => {
    const created = await storeClusterClient(cluster, 2000);
    clients.push(created);
    return created;
  };
  /** The store's write connection under REDIS_WAIT_REPLICAS (src/node-server.ts). */
  const writeConnection = async (reader: Cluster) => {
    const created = await readyDuplicate(reader);
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

  contract("redis cluster, 8 partitions, WAIT 1", async () => {
    const reader = await client();
    return new RedisRecordStore(reader, {
      partitions: PARTITIONS,
      waitReplicas: 1,
      writeClient: await writeConnection(reader),
    });
  });
  idempotencyContract("redis cluster", async (options) => new RedisIdempotencyStore(await client(), options, true));

  it("spreads the partitions over every master, and rate limits per key across limiters", async () => {
    const masters = new Set<number>();
    for (const part of clusterPartitions(PARTITIONS)) masters.add((await cluster.shardOf(slotOf(part.feed))).master);
    expect(masters.size).toBe(3);
    const shared = await client();
    const [a, b] = [new RedisRateLimiter(shared, true), new RedisRateLimiter(shared, true)];
    const key = `k-${Math.random()}`;
    expect((await a.hit(key, 1, 60)).allowed).toBe(true);
    expect((await b.hit(key, 1, 60)).allowed).toBe(false);
  });

  it("finds an undecodable value in any partition by walking them all", async () => {
    const shared = await client();
    const store = new RedisRecordStore(shared, { partitions: PARTITIONS });
    const id = `BAD-${Math.random()}`;
    const part = clusterPartitions(PARTITIONS)[partitionOf("jc-star", id, PARTITIONS)];
    await shared.set(part?.recordKey("jc-star", id) ?? "", "not a hash");
    const found: string[] = [];
    let cursor: string | undefined;
    let rounds = 0;
    do {
      const page = await store.scanUndecodable(cursor, 100);
      found.push(...page.undecodable.map((u) => u.registrationId ?? ""));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined && ++rounds < 1000);
    expect(found).toContain(id);
  });

  it("refuses another partition count than the data's: the store answers nothing, /readyz says why", async () => {
    const shared = await client();
    // The contract above ran with 8 partitions, so the cluster's marker says 8.
    expect(await shared.get(LAYOUT_KEY)).toBe(String(PARTITIONS));
    const other = new RedisRecordStore(shared, { partitions: 4 });
    await expect(other.checkLayout()).rejects.toBeInstanceOf(LayoutMismatch);
    await expect(other.get("jc-star", "R-1")).rejects.toThrow(
      /written with 8 partitions.*REDIS_CLUSTER_PARTITIONS is 4/,
    );
    await expect(other.changes(undefined, 10, Date.now())).rejects.toBeInstanceOf(LayoutMismatch);
    expect(other.health()).toMatchObject({
      status: "down",
      detail: expect.stringMatching(/REDIS_CLUSTER_PARTITIONS=8/),
    });
    await expect(new RedisRecordStore(shared, { partitions: PARTITIONS }).checkLayout()).resolves.toBeUndefined();
  });

  it("reads the count from the records' places when the data predates the marker", async () => {
    const shared = await client();
    await shared.del(LAYOUT_KEY);
    const error = await new RedisRecordStore(shared, { partitions: 16 }).checkLayout().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayoutMismatch);
    expect((error as LayoutMismatch).stored).toBe(PARTITIONS);
    // Refusing wrote nothing; the right count starts and writes the marker.
    expect(await shared.get(LAYOUT_KEY)).toBeNull();
    await new RedisRecordStore(shared, { partitions: PARTITIONS }).checkLayout();
    expect(await shared.get(LAYOUT_KEY)).toBe(String(PARTITIONS));
  });

  it("the Node entry refuses to start with another REDIS_CLUSTER_PARTITIONS: one line, exit 1", async () => {
    const failure = await run(process.execPath, ["--import", "tsx", "src/node.ts"], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? "",
        PORT: "0",
        REDIS_CLUSTER_NODES: cluster.seeds,
        REDIS_CLUSTER_PARTITIONS: "4",
      },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect((failure?.stderr ?? "").trim().split("\n")).toEqual([
      expect.stringMatching(
        /^kakehashi: configuration: REDIS_CLUSTER_PARTITIONS: the cluster's records were written with 8 partitions/,
      ),
    ]);
  }, 60_000);

  it("loses no acknowledged write across a CLUSTER FAILOVER and a SIGKILL of a master (WAIT 1); the feed holds every one, in order", async () => {
    const reader = await client();
    const store = new RedisRecordStore(reader, {
      partitions: PARTITIONS,
      waitReplicas: 1,
      waitTimeoutMs: 1000,
      writeClient: await writeConnection(reader),
    });
    const run = `F${Date.now()}`;
    /** Acknowledged: registration id → the version its last acknowledged write made. */
    const acked = new Map<string, number>();
    const etags = new Map<string, string>();
    let failures = 0;
    let stopped = false;
    const writer = async (lane: number) => {
      for (let n = 0; !stopped; n++) {
        // Mostly new records; every third write replaces one this lane wrote before.
        const update = n % 3 === 2 && n > 2;
        const id = update ? `${run}-${lane}-${n - 2}` : `${run}-${lane}-${n}`;
        const etag = etags.get(id);
        try {
          const { record } = await store.put({
            scheme: "jc-star",
            registrationId: id,
            canonical: jcStarCanonical(id, `Holder ${lane}`),
            owner: "p1",
            ...(update && etag ? { ifMatch: etag } : { ifNoneMatch: "*" as const }),
            now: new Date().toISOString(),
          });
          acked.set(id, record.version);
          etags.set(id, record.etag);
        } catch {
          // Not acknowledged (a timeout, a redirection given up on, WAIT unconfirmed): it may or may not be there.
          failures++;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const lanes = [0, 1, 2, 3].map((lane) => writer(lane));
    const ackedAtLeast = (count: number) => eventually(() => acked.size >= count, `${count} acknowledged writes`, 1200);
    try {
      await ackedAtLeast(100);
      // 1. A manual failover: the replica of partition 0's master takes over; the old master answers MOVED.
      const first = await cluster.shardOf(slotOf(clusterPartitions(PARTITIONS)[0]?.feed ?? ""));
      if (first.replica === undefined) throw new Error("partition 0's master has no replica");
      const replica = cluster.connect(first.replica);
      await replica.cluster("FAILOVER");
      replica.disconnect();
      await eventually(
        async () =>
          (await cluster.shardOf(slotOf(clusterPartitions(PARTITIONS)[0]?.feed ?? ""))).master === first.replica,
        "the replica to take over",
        400,
      );
      const afterFailover = acked.size;
      await ackedAtLeast(afterFailover + 100);
      // 2. A crash: SIGKILL of another master; its replica is promoted after the node timeout.
      const other = clusterPartitions(PARTITIONS).find(
        (part) => part.index > 0 && slotOf(part.feed) !== slotOf(clusterPartitions(PARTITIONS)[0]?.feed ?? ""),
      );
      let victimSlot = slotOf(other?.feed ?? "");
      let victim = await cluster.shardOf(victimSlot);
      for (const part of clusterPartitions(PARTITIONS)) {
        const shard = await cluster.shardOf(slotOf(part.feed));
        if (shard.master !== first.replica) {
          victim = shard;
          victimSlot = slotOf(part.feed);
          break;
        }
      }
      await cluster.kill(victim.master);
      await cluster.settled();
      expect((await cluster.shardOf(victimSlot)).master).toBe(victim.replica);
      // Restarted with its AOF, as a supervisor would, the old master rejoins as the new master's replica (its writes
      // that WAIT never confirmed are dropped by the resync). Until then WAIT 1 cannot succeed on that shard: each of
      // its writes holds the node's one connection for the WAIT timeout, the writes queue behind each other past the
      // command timeout, and the shard's reads behind them — left that way, the file spent ~90 s of its ~120 s there.
      await cluster.restart(victim.master);
      await cluster.settled({ replicas: true });
      expect(await cluster.shardOf(victimSlot)).toEqual({ master: victim.replica, replica: victim.master });
      const afterKill = acked.size;
      await ackedAtLeast(afterKill + 100);
    } finally {
      stopped = true;
      await Promise.all(lanes);
    }

    // Every acknowledged write is there, at least at the version acknowledged.
    const missing: string[] = [];
    for (const [id, version] of acked) {
      const record = await retrying(() => store.get("jc-star", id));
      if (!record || record.version < version) missing.push(`${id} v${version} (found v${record?.version})`);
    }
    expect(missing).toEqual([]);

    // The feed from the start holds every acknowledged version, each record's in order, none twice.
    const feed: Change[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const read = await retrying(() => store.changes(cursor, 500, Date.now()));
      feed.push(...read.changes.filter((change) => change.registrationId.startsWith(`${run}-`)));
      if (read.changes.length === 0) break;
      cursor = read.next ?? undefined;
    }
    const seen = new Map<string, number>();
    const disorder: string[] = [];
    for (const change of feed) {
      const last = seen.get(change.registrationId) ?? 0;
      if (change.version !== last + 1) disorder.push(`${change.registrationId}: v${last} then v${change.version}`);
      seen.set(change.registrationId, change.version);
    }
    expect(disorder).toEqual([]);
    const notInFeed = [...acked].filter(([id, version]) => (seen.get(id) ?? 0) < version);
    expect(notInFeed).toEqual([]);
    expect(acked.size).toBeGreaterThanOrEqual(300);
    void failures;
  }, 180_000);
});
