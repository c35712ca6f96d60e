import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emptyCanonical } from "../../src/contracts/record.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { recordingLogger } from "../helpers/test-app.ts";

/**
 * Issue 21 row 6: a list page's records are read in one pipelined round trip, not one HGETALL per record (a
 * 500-record page took 282 ms alone, ~800 ms with 8 at once, against the 1 s store deadline). Speed is measured in
 * `npm run bench`; here: the page is one round trip, and it still holds the same records in the same order, with
 * corrupt values skipped and named, on a real redis-server.
 */
const KEY = (id: string) => `kakehashi:{kakehashi}:record:jc-star:${id}`;
const ids = Array.from({ length: 40 }, (_, i) => `L-${String(i).padStart(2, "0")}`);
const corrupt = ["L-03", "L-17", "L-22", "L-30"];
// Indexed, but the record's key is gone (as between a page's index read and its record read): left out, not reported.
const gone = "L-35";

describe.skipIf(!redisServerInstalled())("list pages on Redis", () => {
  let redis: TestRedis;
  let client: Redis;
  let store: RedisRecordStore;
  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    store = new RedisRecordStore(client, { logger: recordingLogger() });
    const empty = emptyCanonical("jc-star");
    const canonical = {
      ...empty,
      level: "STAR-1",
      holder: { name: "Bench K.K.", address: null, identifiers: [] },
      product: { ...empty.product, name: "Bench Router" },
    };
    const now = new Date().toISOString();
    for (const registrationId of ids) {
      await store.put({
        scheme: "jc-star",
        registrationId,
        canonical: { ...canonical, registrationId },
        owner: null,
        ifNoneMatch: "*",
        now,
      });
    }
    await client.del(KEY("L-03"));
    await client.set(KEY("L-03"), "garbage");
    await client.hset(KEY("L-17"), "canonical", "{not json");
    await client.hdel(KEY("L-30"), "etag");
    // A hash with none of a record's fields: a page reads only those (HMGET), which answers nothing here, as for a
    // missing key — it must still be reported as a value that does not decode, not passed over as gone.
    await client.del(KEY("L-22"));
    await client.hset(KEY("L-22"), "note", "written by hand");
    await client.del(KEY(gone));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it("a page of records is one pipelined round trip, not one read per record", async () => {
    const pipeline = vi.spyOn(client, "pipeline");
    const hgetall = vi.spyOn(client, "hgetall");
    try {
      // L-00 … L-19: two corrupt values among them, but none that answers no record field (L-22, read again alone).
      const page = await store.list({ scheme: "jc-star" }, undefined, 20);
      expect(page.records.length + page.undecodable.length).toBe(20);
      expect(hgetall).not.toHaveBeenCalled();
      expect(pipeline).toHaveBeenCalledTimes(1);
    } finally {
      pipeline.mockRestore();
      hgetall.mockRestore();
    }
  });

  it("pages hold the same records in the same order, corrupt values skipped and named", async () => {
    for (const filter of [{ scheme: "jc-star" }, {}, { holder: "bench k.k." }]) {
      const seen: string[] = [];
      const skipped: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.list(filter, cursor, 7);
        seen.push(...page.records.map((r) => r.registrationId));
        skipped.push(...page.undecodable.map((u) => u.registrationId));
        for (const record of page.records)
          expect(record).toMatchObject({ scheme: "jc-star", version: 1, etag: '"v1"' });
        if (page.next === null) break;
        cursor = page.next;
      }
      expect(seen).toEqual(ids.filter((id) => !corrupt.includes(id) && id !== gone));
      // The holder index still names the plain string by the holder it was written with: skipped there too.
      expect(skipped).toEqual(corrupt);
    }
  });
});
