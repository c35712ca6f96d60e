import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryIdempotencyStore, RedisIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { RedisRateLimiter } from "../../src/store/rate-limiter.ts";
import type { PutInput } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { ReplicationTimeout } from "../../src/store/redis-replication.ts";
import { contract, idempotencyContract } from "../helpers/record-store-contract.ts";
import { jcStarCanonical } from "../helpers/records.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";

/** A first write of a jc-star record. */
function putInput(id: string): PutInput {
  return {
    scheme: "jc-star",
    registrationId: id,
    canonical: jcStarCanonical(id, "A"),
    owner: "p1",
    ifNoneMatch: "*",
    now: new Date().toISOString(),
  };
}

contract("memory", async () => new MemoryRecordStore());

idempotencyContract("memory", async (options) => new MemoryIdempotencyStore(options));

const installed = redisServerInstalled();
/** One redis-server for every Redis twin in this file; each test uses its own keys. */
describe.skipIf(!installed)("against redis-server", () => {
  let server: TestRedis;
  const clients: Redis[] = [];
  const client = () => {
    const created = new Redis(server.url);
    clients.push(created);
    return created;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const created of clients) created.disconnect();
    await server.stop();
  });
  contract("redis", async () => new RedisRecordStore(client()));
  // The cluster layout (partitions, composite feed cursors) on one node: the same contract, without a cluster.
  contract("redis, 4 partitions", async () => new RedisRecordStore(client(), { partitions: 4 }));
  idempotencyContract("redis", async (options) => new RedisIdempotencyStore(client(), options));

  it("REDIS_WAIT_REPLICAS with no replica to confirm: the write is applied but answered ReplicationTimeout", async () => {
    const store = new RedisRecordStore(client(), { waitReplicas: 1, waitTimeoutMs: 20 });
    const id = `W-${Math.random()}`;
    const write = store.put(putInput(id));
    await expect(write).rejects.toBeInstanceOf(ReplicationTimeout);
    // Applied on the master, as the 503 says: a retry finds it.
    expect((await store.get("jc-star", id))?.version).toBe(1);
  });

  it("REDIS_WAIT_REPLICAS: a read does not queue behind a write's WAIT (the write has its own connection)", async () => {
    // The state of a master whose last replica is gone: WAIT 1 blocks until its timeout. The timeout is long so that
    // the WAIT is still blocked on the server when the read answers, unless the read queued behind it.
    const reader = client();
    const store = new RedisRecordStore(reader, { waitReplicas: 1, waitTimeoutMs: 5000, writeClient: client() });
    const admin = client();
    const blockedWaits = async () =>
      ((await admin.client("LIST")) as string)
        .split("\n")
        .filter((line) => / cmd=wait( |$)/.test(line) && / flags=\S*b/.test(line))
        .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1] as string);
    const id = `W-${Math.random()}`;
    const settled: string[] = [];
    const write = store.put(putInput(id)).then(
      () => settled.push("write"),
      (error: unknown) => {
        settled.push("write");
        throw error;
      },
    );
    write.catch(() => {});
    await eventually(async () => (await blockedWaits()).length > 0, "the write's WAIT to block");
    const read = await store.get("jc-star", id).finally(() => settled.push("read"));
    // The read answered while the write's WAIT was still blocked; end that WAIT now, as its timeout would.
    const stillBlocked = await blockedWaits();
    for (const waiting of stillBlocked) await admin.client("UNBLOCK", waiting, "TIMEOUT");
    // Decisive: the WAIT was still blocked when the read answered. (The promises' order alone cannot tell: on one
    // connection Redis sends the WAIT's reply and the queued read's in one packet, and the read may settle first.)
    expect(stillBlocked).toHaveLength(1);
    await expect(write).rejects.toBeInstanceOf(ReplicationTimeout);
    expect(settled).toEqual(["read", "write"]);
    // The script ran before the WAIT, so the read saw the write; the 503 still says it may have been applied.
    expect(read?.version).toBe(1);
    expect((await store.get("jc-star", id))?.version).toBe(1);
  });

  it("allows the budget, refuses past it with a retry time, per key, shared across limiter instances", async () => {
    const shared = client();
    const a = new RedisRateLimiter(shared);
    const b = new RedisRateLimiter(shared);
    const key = `k-${Math.random()}`;
    expect((await a.hit(key, 2, 60)).allowed).toBe(true);
    expect((await b.hit(key, 2, 60)).allowed).toBe(true);
    const third = await a.hit(key, 2, 60);
    expect(third.allowed).toBe(false);
    expect(third.retryAfterSeconds).toBeGreaterThan(0);
    expect((await a.hit(`${key}-other`, 2, 60)).allowed).toBe(true);
  });
});
