import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { Readiness } from "../../src/contracts/api.ts";
import { ChangeFeed, RecordPage } from "../../src/contracts/stored-record.ts";
import { QuarantinedRecord, UndecodablePage } from "../../src/contracts/undecodable-records.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore, StoredRecord } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { expectBody, expectProblem } from "../api/api-suite.ts";
import { adminCall, adminToken } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { createTestApp, recordingLogger } from "../helpers/test-app.ts";

/**
 * The operator's side of "one bad record never harms another" (issue 21): an admin route that finds undecodable
 * record values by scanning the store — also ones no read has met — and one that moves such a value to a quarantine
 * key (kept), after which lists stop warning and /readyz stops counting it. Corruption is made as in
 * undecodable-records.test.ts: straight into Redis, or into the memory twin's map behind its back.
 */

const PREFIX = "kakehashi:{kakehashi}";
const KEY = (id: string) => `${PREFIX}:record:jc-star:${id}`;
const holder = "Sakura Networks K.K.";
const token = (role: string) => `test-key-${role}-0123456789abcdef`;
const keys = new ApiKeys([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(adminToken).digest("hex"), schemes: [] },
  ...(["reader", "partner"] as const).map((role) => ({
    id: role,
    role,
    sha256: createHash("sha256").update(token(role)).digest("hex"),
    schemes: ["jc-star"],
  })),
]);
const LIST = "/v1/admin/records/undecodable";
const QUARANTINE = (id: string) => `/v1/admin/records/undecodable/jc-star/${encodeURIComponent(id)}/quarantine`;

async function setUp(store: RecordStore, ids: string[]) {
  const { app, logger } = createTestApp({ records: store, apiKeys: keys });
  const call = adminCall(app);
  for (const id of ids) {
    const created = await call(
      "PUT",
      `/v1/records/jc-star/${encodeURIComponent(id)}`,
      { record: { ...recordFixture("jc-star"), registrationNumber: id, expiryDate: "2027-06-30" } },
      { "if-none-match": "*" },
    );
    expect(created.status, await created.clone().text()).toBe(201);
  }
  return { app, call, logger };
}

type Call = ReturnType<typeof adminCall>;

/** Every page of the scan, `limit` keys a page, as a client walks it. */
async function scanAll(call: Call, limit: number) {
  const found: z.infer<typeof UndecodablePage>["undecodable"] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
    const page: z.infer<typeof UndecodablePage> = await expectBody(
      await call("GET", `${LIST}${query}`),
      UndecodablePage,
    );
    found.push(...page.undecodable);
    cursor = page.next;
    pages++;
  } while (cursor !== null && pages < 100);
  return { found, pages };
}

async function readiness(app: { request: (path: string) => Response | Promise<Response> }) {
  const ready = await expectBody(await app.request("/readyz"), Readiness);
  return ready.components.find((c) => c.name === "record-store");
}

/** What every twin answers alike: role checks, bad input, a sound record refused. */
function commonCases(name: string, make: () => Promise<RecordStore>) {
  describe(`admin routes over undecodable values: ${name}`, () => {
    it("reader and partner keys get 403 on both routes, no key 401; nothing moves", async () => {
      const { app } = await setUp(await make(), ["K-1"]);
      for (const role of ["reader", "partner"]) {
        const headers = { authorization: `Bearer ${token(role)}` };
        const listed = await expectProblem(await app.request(LIST, { headers }), 403);
        expect(listed.detail).toContain("admin");
        await expectProblem(await app.request(QUARANTINE("K-1"), { method: "POST", headers }), 403);
      }
      await expectProblem(await app.request(LIST), 401);
      expect((await adminCall(app)("GET", "/v1/records/jc-star/K-1")).status).toBe(200);
    });

    it("bad ids and cursors are 400 problems naming the field; nothing stored is 404; a sound record is 409", async () => {
      const { call } = await setUp(await make(), ["K-1"]);
      const badScheme = await expectProblem(
        await call("POST", "/v1/admin/records/undecodable/jc_star/K-1/quarantine"),
        400,
      );
      expect(badScheme.errors?.[0]?.pointer).toBe("/path/scheme");
      const badId = await expectProblem(await call("POST", QUARANTINE(" K-1")), 400);
      expect(badId.errors?.[0]?.pointer).toBe("/path/registrationId");
      const badCursor = await expectProblem(await call("GET", `${LIST}?cursor=not-a-cursor`), 400);
      expect(badCursor.errors?.[0]?.pointer).toBe("/query/cursor");
      // Well-formed but never a `next` of this store: still a 400, not a 503 or a walk from the start.
      await expectProblem(await call("GET", `${LIST}?cursor=${"f".repeat(40)}`), 400);
      await expectProblem(await call("GET", `${LIST}?limit=0`), 400);
      await expectProblem(await call("GET", `${LIST}?unknown=1`), 400);
      const missing = await expectProblem(await call("POST", QUARANTINE("K-404")), 404);
      expect(missing.detail).toContain("already quarantined?");
      const sound = await expectProblem(await call("POST", QUARANTINE("K-1")), 409);
      expect(sound.detail).toContain("withdraw it instead");
      expect((await call("GET", "/v1/records/jc-star/K-1")).status).toBe(200);
      const clean = await expectBody(await call("GET", LIST), UndecodablePage);
      expect(clean).toMatchObject({ undecodable: [], next: null });
    });
  });
}

describe.skipIf(!redisServerInstalled())("undecodable values in Redis: scan and quarantine", () => {
  const db = redisClientPerSuite();
  beforeEach(async () => {
    await db.client.flushall();
  });

  commonCases("Redis", async () => new RedisRecordStore(db.client, { logger: recordingLogger() }));

  it("the scan lists corrupt keys no read has met, with scheme, id and why — never the value", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `S-${String(i).padStart(2, "0")}`);
    const { app, call } = await setUp(new RedisRecordStore(db.client, { logger: recordingLogger() }), ids);
    await db.client.del(KEY("S-07"));
    await db.client.set(KEY("S-07"), "secret-garbage-value");
    await db.client.hset(KEY("S-21"), "canonical", '{"secret-garbage":');
    await db.client.set(`${PREFIX}:record:orphan`, "x");
    // No read has met them: /readyz knows nothing yet.
    expect((await readiness(app))?.status).toBe("up");

    const response = await call("GET", LIST);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await expectBody(response, UndecodablePage);
    expect(JSON.stringify(page)).not.toContain("secret-garbage");
    expect(page.scanned).toBeGreaterThanOrEqual(31);
    expect(page.next).toBeNull();
    const byKey = Object.fromEntries(page.undecodable.map((u) => [u.key, u]));
    expect(Object.keys(byKey).sort()).toEqual([KEY("S-07"), KEY("S-21"), `${PREFIX}:record:orphan`].sort());
    expect(byKey[KEY("S-07")]).toEqual({
      key: KEY("S-07"),
      scheme: "jc-star",
      registrationId: "S-07",
      reason: "a string, not a hash",
    });
    expect(byKey[KEY("S-21")]).toMatchObject({ scheme: "jc-star", registrationId: "S-21" });
    expect(byKey[KEY("S-21")]?.reason).toMatch(/^canonical: /);
    expect(byKey[`${PREFIX}:record:orphan`]).toMatchObject({ scheme: null, registrationId: null });

    // Small pages, a cursor between them: the same keys, each at least once.
    const paged = await scanAll(call, 2);
    expect(paged.pages).toBeGreaterThan(1);
    expect(new Set(paged.found.map((u) => u.key))).toEqual(new Set(Object.keys(byKey)));
    // What the scan met counts in /readyz (the record keys; the orphan is no record).
    expect((await readiness(app))?.detail).toContain("2 undecodable");
  });

  it("quarantine moves the raw value to the named key, out of the indexes; lists stop warning, /readyz stops counting, the feed says nothing", async () => {
    const { app, call, logger } = await setUp(new RedisRecordStore(db.client, { logger: recordingLogger() }), [
      "Q-1",
      "Q-2",
      "Q-3",
    ]);
    await db.client.hset(KEY("Q-2"), "canonical", "{not json");
    await db.client.del(KEY("Q-3"));
    await db.client.set(KEY("Q-3"), "garbage");
    const rawHash = await db.client.hgetall(KEY("Q-2"));
    const feedBefore = await expectBody(await call("GET", "/v1/changes"), ChangeFeed);
    const warned = await call("GET", `/v1/records?holder=${encodeURIComponent(holder)}`);
    expect(warned.headers.get("undecodable-records")).toBe("2");
    expect((await readiness(app))?.detail).toContain("2 undecodable");

    const moved = await expectBody(await call("POST", QUARANTINE("Q-2")), QuarantinedRecord);
    expect(moved).toMatchObject({ scheme: "jc-star", registrationId: "Q-2", key: KEY("Q-2") });
    expect(moved.quarantineKey).toMatch(/^kakehashi:\{kakehashi\}:quarantine:\d+:jc-star:Q-2$/);
    expect(moved.reason).toMatch(/^canonical: /);
    expect(await db.client.exists(KEY("Q-2"))).toBe(0);
    expect(await db.client.hgetall(moved.quarantineKey)).toEqual(rawHash);
    const string = await expectBody(await call("POST", QUARANTINE("Q-3")), QuarantinedRecord);
    expect(await db.client.get(string.quarantineKey)).toBe("garbage");

    for (const path of [
      "/v1/records",
      `/v1/records?holder=${encodeURIComponent(holder)}`,
      "/v1/records?scheme=jc-star",
    ]) {
      const response = await call("GET", path);
      expect(response.headers.get("undecodable-records"), path).toBeNull();
      const page = await expectBody(response, RecordPage);
      expect(page.warnings).toEqual([]);
      expect(page.records.map((r) => r.registrationId)).toEqual(["Q-1"]);
    }
    expect(await db.client.zrange(`${PREFIX}:index`, 0, -1)).toEqual(["jc-star|Q-1"]);
    expect(await db.client.zscore(`${PREFIX}:expiries`, KEY("Q-2"))).toBeNull();
    expect((await db.client.zrange(`${PREFIX}:holders`, 0, -1)).filter((m) => m.endsWith("|Q-2"))).toEqual([]);
    expect(await readiness(app)).toMatchObject({ status: "up" });
    expect(await expectBody(await call("GET", "/v1/changes"), ChangeFeed)).toEqual(feedBefore);
    expect((await expectBody(await call("GET", LIST), UndecodablePage)).undecodable).toEqual([]);
    expect(logger.lines.filter((l) => l.level === "warn" && l.fields.quarantineKey === moved.quarantineKey)).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ by: "ops", key: KEY("Q-2") }) }),
    ]);

    // Twice: a 404 (nothing is stored there now), the quarantined value untouched; the id can be written afresh.
    await expectProblem(await call("POST", QUARANTINE("Q-2")), 404);
    expect(await db.client.hgetall(moved.quarantineKey)).toEqual(rawHash);
    await expectProblem(await call("GET", "/v1/records/jc-star/Q-2"), 404);
    const again = await call(
      "PUT",
      "/v1/records/jc-star/Q-2",
      { record: { ...recordFixture("jc-star"), registrationNumber: "Q-2" } },
      { "if-none-match": "*" },
    );
    expect(again.status).toBe(201);
  });
  it("the move is guarded: a value changed since it was judged (a writer repaired it) is not moved", async () => {
    new RedisRecordStore(db.client); // defines the script on the client
    await db.client.hset(KEY("G-1"), "version", "x");
    const judged = await db.client.dumpBuffer(KEY("G-1"));
    await db.client.hset(KEY("G-1"), "version", "1");
    const move = (db.client as unknown as { kakehashiQuarantine: (...args: (string | Buffer)[]) => Promise<string> })
      .kakehashiQuarantine;
    const args = [`${PREFIX}:index`, `${PREFIX}:expiries`, `${PREFIX}:label-url-index`, `${PREFIX}:holders`];
    const target = `${PREFIX}:quarantine:1:jc-star:G-1`;
    expect(await move.call(db.client, KEY("G-1"), target, ...args, judged, "jc-star|G-1")).toBe("changed");
    expect(await db.client.hget(KEY("G-1"), "version")).toBe("1");
    expect(await db.client.exists(target)).toBe(0);
  });
});

describe("undecodable values in the memory twin: scan and quarantine", () => {
  commonCases("memory", async () => new MemoryRecordStore({ logger: recordingLogger() }));

  it("the scan finds a value no read has met; quarantine keeps it and lists stop warning", async () => {
    const store = new MemoryRecordStore({ logger: recordingLogger() });
    const { app, call } = await setUp(store, ["M-1", "M-2", "M-3"]);
    const map = (store as unknown as { records: Map<string, StoredRecord> }).records;
    const good = map.get("jc-star\u0000M-2") as StoredRecord;
    const corrupt = { ...good, etag: "garbage" };
    map.set("jc-star\u0000M-2", corrupt);
    expect((await readiness(app))?.status).toBe("up");

    const paged = await scanAll(call, 1);
    expect(paged.pages).toBe(3);
    expect(paged.found).toEqual([
      {
        key: "record:jc-star:M-2",
        scheme: "jc-star",
        registrationId: "M-2",
        reason: 'etag: etag must be "v<version>"',
      },
    ]);
    expect((await readiness(app))?.detail).toContain("1 undecodable");

    const moved = await expectBody(await call("POST", QUARANTINE("M-2")), QuarantinedRecord);
    expect(moved.quarantineKey).toMatch(/^quarantine:\d+:jc-star:M-2$/);
    const kept = (store as unknown as { quarantined: Map<string, unknown> }).quarantined;
    expect(kept.get(moved.quarantineKey)).toBe(corrupt);
    const response = await call("GET", "/v1/records");
    expect(response.headers.get("undecodable-records")).toBeNull();
    expect((await expectBody(response, RecordPage)).records.map((r) => r.registrationId)).toEqual(["M-1", "M-3"]);
    expect(await readiness(app)).toMatchObject({ status: "up" });
    const feed = await expectBody(await call("GET", "/v1/changes"), ChangeFeed);
    expect(feed.changes.map((c) => c.type)).toEqual(["created", "created", "created"]);
    await expectProblem(await call("POST", QUARANTINE("M-2")), 404);
  });
});
