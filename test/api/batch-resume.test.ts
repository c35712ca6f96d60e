import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import {
  type IdempotencyOptions,
  type IdempotencyStore,
  MemoryIdempotencyStore,
  RedisIdempotencyStore,
} from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { PutInput, RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * A batch whose server dies mid-way (here: stalls forever after its third write landed, and stops renewing when its
 * lease's clock runs out) must not lock its Idempotency-Key: a retry after the lease proceeds, reuses the results of
 * the items that landed, and writes nothing twice — the item in flight at the crash meets its own If-None-Match.
 */
const token = "test-key-partner-0123456789abcdef";
const keys = new ApiKeys([
  { id: "p", role: "partner", sha256: createHash("sha256").update(token).digest("hex"), schemes: ["jc-star"] },
]);
const ids = ["R-0", "R-1", "R-2", "R-3"];
const body = JSON.stringify({
  records: ids.map((id) => ({
    scheme: "jc-star",
    registrationId: id,
    record: { ...recordFixture("jc-star"), registrationNumber: id },
    ifNoneMatch: "*",
  })),
});

function scenario(
  name: string,
  makeStore: () => RecordStore,
  makeIdempotency: (options: IdempotencyOptions) => IdempotencyStore,
) {
  it(`a retry after a crash mid-batch resumes without writing anything twice (${name})`, async () => {
    let now = 5_000_000;
    const records = makeStore();
    const idempotency = makeIdempotency({ now: () => now, leaseMs: 60_000 });
    // The crashing server: its third write lands, then it never answers again.
    const crashing = Object.assign(Object.create(records) as RecordStore, {
      put: async (input: PutInput) => {
        const done = await records.put(input);
        if (input.registrationId === "R-2") await new Promise(() => {});
        return done;
      },
    });
    const post = (app: ReturnType<typeof createTestApp>["app"]) =>
      app.request("/v1/records/batch", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": "imp-1" },
        body,
      });
    const first = createTestApp({ records: crashing, idempotency, apiKeys: keys }).app;
    const retryApp = createTestApp({ records, idempotency, apiKeys: keys }).app;
    void post(first);
    for (let i = 0; i < 1000 && !(await records.get("jc-star", "R-2")); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(await records.get("jc-star", "R-2")).toBeDefined();

    // While the lease holds, the key is in flight, and Retry-After says when the lease lapses unless renewed…
    const running = await post(retryApp);
    expect(running.status).toBe(409);
    expect(running.headers.get("retry-after")).toBe("60");
    now += 45_000;
    expect((await post(retryApp)).headers.get("retry-after")).toBe("15");
    // …and once it lapses unrenewed, a retry proceeds.
    now += 16_000;
    const retry = await post(retryApp);
    expect(retry.status).toBe(200);
    const { results } = (await retry.json()) as { results: { status: number; version?: number }[] };
    expect(results.map((r) => r.status)).toEqual([201, 201, 412, 201]);
    for (const id of ids) expect((await records.get("jc-star", id))?.version).toBe(1);
    const feed = await records.changes(undefined, 100, Date.now());
    expect(feed.changes.filter((c) => ids.includes(c.registrationId)).map((c) => c.type)).toEqual([
      "created",
      "created",
      "created",
      "created",
    ]);
    // The completed retry is what later replays get.
    const replay = await post(retryApp);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
  });
}

scenario(
  "memory",
  () => new MemoryRecordStore(),
  (options) => new MemoryIdempotencyStore(options),
);

describe.skipIf(!redisServerInstalled())("on Redis", () => {
  const db = redisClientPerSuite();
  scenario(
    "redis",
    () => new RedisRecordStore(db.client),
    (options) => new RedisIdempotencyStore(db.client, options),
  );
});
