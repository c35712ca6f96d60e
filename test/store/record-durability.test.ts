import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { ChangeFeed, StoredRecordBody } from "../../src/contracts/stored-record.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { recordFixture } from "../helpers/records.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestApp } from "../helpers/test-app.ts";

const installed = redisServerInstalled();
const token = "durability-test-admin-key-000000";
const keys = new ApiKeys([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(token).digest("hex"), schemes: [] },
]);

/** Fails a request that does not answer at all: a liveness guard against a hang, not a speed goal. */
function answered<T>(promise: T | Promise<T>, what: string): Promise<T> {
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} hung`)), 15_000)),
  ]);
}

describe.skipIf(!installed)("record durability: redis-server killed with SIGKILL during a write load", () => {
  let server: TestRedis;
  beforeAll(async () => {
    server = await startRedis({ durable: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("keeps every acknowledged write exactly once, answers 503 + Retry-After during the outage, serves the catalog", async () => {
    const client = new Redis(server.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // Every write outside the outage must be acknowledged, each with its fsync (appendfsync always) on a shared disk:
      // 5 s, not less. During the outage writes still fail at once — no offline queue, the socket is closed.
      commandTimeout: 5000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 500),
    });
    client.on("error", () => {});
    await eventually(async () => (await client.ping().catch(() => "")) === "PONG", "the store to connect", 200);
    const { app } = createTestApp({ records: new RedisRecordStore(client), apiKeys: keys });
    const put = (id: string) =>
      answered(
        app.request(`/v1/records/jc-star/${id}`, {
          method: "PUT",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "if-none-match": "*" },
          body: JSON.stringify({ record: { ...recordFixture("jc-star"), registrationNumber: id } }),
        }),
        `PUT ${id}`,
      );

    const acknowledged: string[] = [];
    const refused: Response[] = [];
    let n = 0;
    const writeBatch = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const id = `D-${String(n++).padStart(4, "0")}`;
        const response = await put(id);
        if (response.status === 201) acknowledged.push(id);
        else refused.push(response);
      }
    };

    await writeBatch(40);
    await server.kill();
    await writeBatch(20); // the outage
    const catalog = await answered(app.request("/v1/schemes/jc-star"), "catalog read");
    expect(catalog.status).toBe(200);
    await server.restart();
    await eventually(async () => (await client.ping().catch(() => "")) === "PONG", "the store to reconnect", 200);
    await writeBatch(40);

    expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
    }
    // Every acknowledged write survived the SIGKILL (AOF, fsync always), as version 1: none was applied twice.
    for (const id of acknowledged) {
      const read = await app.request(`/v1/records/jc-star/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status, id).toBe(200);
      expect((await StoredRecordBody.parseAsync(await read.json())).version).toBe(1);
    }
    const feed = ChangeFeed.parse(
      await (await app.request("/v1/changes?limit=500", { headers: { authorization: `Bearer ${token}` } })).json(),
    );
    const created = feed.changes.filter((c) => c.type === "created").map((c) => c.registrationId);
    expect(new Set(created).size).toBe(created.length);
    for (const id of acknowledged) expect(created).toContain(id);
    client.disconnect();
  });
});
