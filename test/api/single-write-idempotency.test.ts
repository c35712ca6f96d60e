import { describe, expect, it } from "vitest";
import { type IdempotencyStore, MemoryIdempotencyStore, RedisIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { PutInput, RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { adminCall, adminKeys } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * Issue 21 row 16: a single write (PUT, DELETE) takes an Idempotency-Key as the batch route does. A retry with the
 * same key and body gets the first answer — status, ETag, body — instead of 412, also when the first answer was lost
 * after the write landed (the store's reply never came back: the client saw a 503); the same key with another body
 * is 422.
 */
const record = (id: string, name = "Sakura Networks K.K.") => ({
  record: { ...recordFixture("jc-star"), registrationNumber: id, vendorName: name },
});

function suite(name: string, makeStore: () => RecordStore, makeIdempotency: () => IdempotencyStore) {
  const setUp = (store = makeStore()) => {
    const { app } = createTestApp({ records: store, idempotency: makeIdempotency(), apiKeys: adminKeys });
    return { store, call: adminCall(app) };
  };

  it(`a retried create with the same key gets the first answer, not 412 (${name})`, async () => {
    const { call } = setUp();
    const headers = { "if-none-match": "*", "idempotency-key": "create-1" };
    const first = await call("PUT", "/v1/records/jc-star/IK-1", record("IK-1"), headers);
    expect(first.status, await first.clone().text()).toBe(201);
    const retry = await call("PUT", "/v1/records/jc-star/IK-1", record("IK-1"), headers);
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(await first.text());
    // Without the key, the same request is the conflict it always was.
    const plain = await call("PUT", "/v1/records/jc-star/IK-1", record("IK-1"), { "if-none-match": "*" });
    expect(plain.status).toBe(412);
  });

  it(`the same key with another body is a 422 problem and writes nothing (${name})`, async () => {
    const { call, store } = setUp();
    const headers = { "if-none-match": "*", "idempotency-key": "create-2" };
    expect((await call("PUT", "/v1/records/jc-star/IK-2", record("IK-2"), headers)).status).toBe(201);
    const other = await call("PUT", "/v1/records/jc-star/IK-2", record("IK-2", "Other K.K."), headers);
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await other.json()) as { errors: { pointer: string }[] };
    expect(body.errors[0]?.pointer).toBe("/header/idempotency-key");
    expect((await store.get("jc-star", "IK-2"))?.canonical.holder.name).toBe("Sakura Networks K.K.");
  });

  it(`a write whose answer was lost (503) is recognised as its own on retry (${name})`, async () => {
    const store = makeStore();
    // The store's reply is lost after the write landed, as when Redis freezes between applying and answering.
    let lose = true;
    const losing = Object.assign(Object.create(store) as RecordStore, {
      put: async (input: PutInput) => {
        const done = await store.put(input);
        if (lose) {
          lose = false;
          throw new Error("connection lost before the reply");
        }
        return done;
      },
    });
    const { call } = setUp(losing);
    const headers = { "if-none-match": "*", "idempotency-key": "create-3" };
    const first = await call("PUT", "/v1/records/jc-star/IK-3", record("IK-3"), headers);
    expect(first.status).toBe(503);
    expect((await store.get("jc-star", "IK-3"))?.version).toBe(1);
    const retry = await call("PUT", "/v1/records/jc-star/IK-3", record("IK-3"), headers);
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(retry.headers.get("etag")).toBe('"v1"');
    expect(((await retry.json()) as { version: number }).version).toBe(1);
    // A different key for the same create is someone else's write: 412.
    const stranger = await call("PUT", "/v1/records/jc-star/IK-3", record("IK-3"), {
      "if-none-match": "*",
      "idempotency-key": "create-3b",
    });
    expect(stranger.status).toBe(412);
  });

  it(`a retried replace and a retried withdrawal get their first answers (${name})`, async () => {
    const { call } = setUp();
    expect((await call("PUT", "/v1/records/jc-star/IK-4", record("IK-4"), { "if-none-match": "*" })).status).toBe(201);
    const replace = { "if-match": '"v1"', "idempotency-key": "replace-4" };
    const first = await call("PUT", "/v1/records/jc-star/IK-4", record("IK-4", "New K.K."), replace);
    expect(first.status).toBe(200);
    const again = await call("PUT", "/v1/records/jc-star/IK-4", record("IK-4", "New K.K."), replace);
    expect([again.status, again.headers.get("etag")]).toEqual([200, '"v2"']);
    expect(await again.text()).toBe(await first.text());
    const withdraw = { "if-match": '"v2"', "idempotency-key": "withdraw-4" };
    const gone = await call("DELETE", "/v1/records/jc-star/IK-4", undefined, withdraw);
    expect([gone.status, gone.headers.get("etag")]).toEqual([200, '"v3"']);
    const goneAgain = await call("DELETE", "/v1/records/jc-star/IK-4", undefined, withdraw);
    expect([goneAgain.status, goneAgain.headers.get("etag")]).toEqual([200, '"v3"']);
    expect(goneAgain.headers.get("idempotent-replayed")).toBe("true");
    // The withdrawal's key with another request (another If-Match) is the 422 the batch route gives.
    const misuse = await call("DELETE", "/v1/records/jc-star/IK-4", undefined, { ...withdraw, "if-match": '"v3"' });
    expect(misuse.status).toBe(422);
  });
}

suite(
  "memory",
  () => new MemoryRecordStore(),
  () => new MemoryIdempotencyStore(),
);

describe.skipIf(!redisServerInstalled())("on Redis", () => {
  const db = redisClientPerSuite();
  suite(
    "redis",
    () => new RedisRecordStore(db.client),
    () => new RedisIdempotencyStore(db.client),
  );
});
