import { beforeEach, describe, expect, it } from "vitest";
import { Readiness } from "../../src/contracts/api.ts";
import { ChangeFeed, RecordPage, StoredRecordBody } from "../../src/contracts/stored-record.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore, StoredRecord } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { expectBody, expectProblem } from "../api/api-suite.ts";
import { adminCall, adminKeys } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { createTestApp, type LogLine, recordingLogger } from "../helpers/test-app.ts";

/**
 * One corrupted record never harms another (issue 21, rows 1 and 2): a value at a record key that does not decode is
 * skipped from lists with a warning naming it, answered as a problem when asked for alone, logged at error once,
 * shown by /readyz, and stepped over by the expiry sweep. Corruption is made the way an operator's slip makes it:
 * `SET` / `HSET` straight into Redis (and, for the memory twin, a value put into its map behind its back).
 */

const KEY = (id: string) => `kakehashi:{kakehashi}:record:jc-star:${id}`;
const FEED = "kakehashi:{kakehashi}:changes";
const holder = "Sakura Networks K.K.";

async function setUp(store: RecordStore, ids: string[], expiryDate = "2027-06-30") {
  const { app } = createTestApp({ records: store, apiKeys: adminKeys });
  const call = adminCall(app);
  for (const id of ids) {
    const created = await call(
      "PUT",
      `/v1/records/jc-star/${id}`,
      { record: { ...recordFixture("jc-star"), registrationNumber: id, expiryDate } },
      { "if-none-match": "*" },
    );
    expect(created.status, await created.clone().text()).toBe(201);
  }
  return { app, call };
}

const errorsAbout = (lines: LogLine[], key: string) =>
  lines.filter((l) => l.level === "error" && JSON.stringify(l.fields).includes(key));

describe.skipIf(!redisServerInstalled())("undecodable values in Redis", () => {
  const db = redisClientPerSuite();
  beforeEach(async () => {
    await db.client.flushall();
  });

  const corruptions: [string, (key: string) => Promise<unknown>][] = [
    ["a plain string", (key) => db.client.del(key).then(() => db.client.set(key, "garbage"))],
    ["non-JSON canonical", (key) => db.client.hset(key, "canonical", "{not json")],
    ["missing fields", (key) => db.client.hdel(key, "canonical", "createdAt")],
    ["an invalid version", (key) => db.client.hset(key, "version", "null")],
    ["an invalid etag", (key) => db.client.hset(key, "etag", "garbage")],
    [
      "a canonical record without its status",
      async (key) => {
        const canonical = JSON.parse((await db.client.hget(key, "canonical")) ?? "{}");
        delete canonical.status;
        await db.client.hset(key, "canonical", JSON.stringify(canonical));
      },
    ],
  ];

  for (const [what, corrupt] of corruptions) {
    it(`${what} at one record key: lists skip it with a warning, GET of it is a problem, the others serve`, async () => {
      const logger = recordingLogger();
      const { app, call } = await setUp(new RedisRecordStore(db.client, { logger }), ["A-1", "A-2", "A-3"]);
      await corrupt(KEY("A-2"));

      for (const path of ["/v1/records", `/v1/records?holder=${encodeURIComponent(holder)}`, "/v1/records?limit=2"]) {
        const response = await call("GET", path);
        expect(response.status, path).toBe(200);
        expect(response.headers.get("undecodable-records")).toBe("1");
        const page = await expectBody(response, RecordPage);
        expect(page.records.map((r) => r.registrationId)).not.toContain("A-2");
        expect(page.warnings).toEqual([expect.objectContaining({ scheme: "jc-star", registrationId: "A-2" })]);
      }
      const all = await expectBody(await call("GET", "/v1/records"), RecordPage);
      expect(all.records.map((r) => r.registrationId)).toEqual(["A-1", "A-3"]);

      const alone = await expectProblem(await call("GET", "/v1/records/jc-star/A-2"), 409);
      expect(alone.detail).toContain("cannot be decoded");
      await expectProblem(await call("GET", "/v1/records/jc-star/A-2/recognition"), 409);
      await expectProblem(await call("DELETE", "/v1/records/jc-star/A-2", undefined, { "if-match": '"v1"' }), 409);
      expect((await call("GET", "/v1/records/jc-star/A-3")).status).toBe(200);

      expect(errorsAbout(logger.lines, KEY("A-2"))).toHaveLength(1);
      const ready = await expectBody(await app.request("/readyz"), Readiness);
      expect(ready.status).toBe("degraded");
      expect(ready.components).toContainEqual({
        name: "record-store",
        status: "degraded",
        detail: expect.stringContaining("1 undecodable"),
      });
    });
  }

  it("a feed entry of an unknown type is skipped with a warning, and the cursor moves past it", async () => {
    const logger = recordingLogger();
    const { call } = await setUp(new RedisRecordStore(db.client, { logger }), ["F-1"]);
    const bogus = (await db.client.xadd(
      FEED,
      "*",
      "type",
      "bogus",
      "scheme",
      "jc-star",
      "registrationId",
      "F-9",
    )) as string;
    await call(
      "PUT",
      "/v1/records/jc-star/F-2",
      { record: { ...recordFixture("jc-star"), registrationNumber: "F-2" } },
      {
        "if-none-match": "*",
      },
    );
    const response = await call("GET", "/v1/changes");
    expect(response.headers.get("undecodable-records")).toBe("1");
    const feed = await expectBody(response, ChangeFeed);
    expect(feed.changes.map((c) => c.registrationId)).toEqual(["F-1", "F-2"]);
    expect(feed.warnings).toEqual([expect.objectContaining({ cursor: bogus, registrationId: "F-9" })]);
    const onlyBogus = await expectBody(await call("GET", "/v1/changes?limit=2"), ChangeFeed);
    expect(onlyBogus.changes.map((c) => c.registrationId)).toEqual(["F-1"]);
    expect(onlyBogus.next).toBe(bogus);
    expect(errorsAbout(logger.lines, bogus)).toHaveLength(1);
  });

  it("the expiry sweep goes on past a corrupted record: the healthy expired ones get their feed entry", async () => {
    const logger = recordingLogger();
    const store = new RedisRecordStore(db.client, { logger });
    await setUp(store, ["E-1", "E-2", "E-3"], "2026-01-31");
    await db.client.del(KEY("E-2"));
    await db.client.set(KEY("E-2"), "garbage");
    expect(await store.expireDue("2026-11-25", new Date().toISOString())).toBe(2);
    const feed = await store.changes(undefined, 100, Date.now());
    expect(feed.changes.filter((c) => c.type === "expired").map((c) => c.registrationId)).toEqual(["E-1", "E-3"]);
    expect(errorsAbout(logger.lines, KEY("E-2"))).toHaveLength(1);
  });

  it("a record repaired (or removed) stops counting as undecodable", async () => {
    const store = new RedisRecordStore(db.client, { logger: recordingLogger() });
    const { app, call } = await setUp(store, ["R-1"]);
    const good = await db.client.hgetall(KEY("R-1"));
    await db.client.hset(KEY("R-1"), "version", "x");
    await expectProblem(await call("GET", "/v1/records/jc-star/R-1"), 409);
    await db.client.hset(KEY("R-1"), good);
    expect((await call("GET", "/v1/records/jc-star/R-1")).status).toBe(200);
    const ready = await expectBody(await app.request("/readyz"), Readiness);
    expect(ready.components).toContainEqual(expect.objectContaining({ name: "record-store", status: "up" }));
  });
});

describe("undecodable values in the memory twin", () => {
  it("a value put into the map behind the store's back is skipped from lists, a problem alone, and swept past", async () => {
    const logger = recordingLogger();
    const store = new MemoryRecordStore({ logger });
    const { app, call } = await setUp(store, ["M-1", "M-2", "M-3"], "2026-01-31");
    const map = (store as unknown as { records: Map<string, StoredRecord> }).records;
    const key = "jc-star\u0000M-2";
    const good = map.get(key) as StoredRecord;
    map.set(key, { ...good, version: Number.NaN, canonical: { ...good.canonical, dates: undefined } } as never);

    const response = await call("GET", "/v1/records");
    expect(response.headers.get("undecodable-records")).toBe("1");
    const page = await expectBody(response, RecordPage);
    expect(page.records.map((r) => r.registrationId)).toEqual(["M-1", "M-3"]);
    expect(page.warnings).toEqual([expect.objectContaining({ registrationId: "M-2" })]);
    await expectProblem(await call("GET", "/v1/records/jc-star/M-2"), 409);
    expect(await store.expireDue("2026-11-25", new Date().toISOString())).toBe(2);
    expect(logger.lines.filter((l) => l.level === "error")).toHaveLength(1);
    const ready = await expectBody(await app.request("/readyz"), Readiness);
    expect(ready.components).toContainEqual({
      name: "record-store",
      status: "degraded",
      detail: expect.stringContaining("1 undecodable"),
    });
    // What the API serves for the healthy records still matches the document.
    await expectBody(await call("GET", "/v1/records/jc-star/M-1"), StoredRecordBody);
  });
});
