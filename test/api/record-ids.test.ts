import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import { RedisIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { adminCall, adminKeys } from "../helpers/admin-key.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * Every scheme's sample record, stored and addressed under its real registration id — CLS ids hold slashes — in
 * every record route: PUT, GET, recognition, label resolution, batch and DELETE. The rule: the id is one path
 * segment, percent-encoded (encodeURIComponent), so `/` travels as `%2F`.
 */

const samples = catalogBundle.schemes
  .filter((s) => s.recordFormat && catalogBundle.recordMaps.some((m) => m.scheme === s.id))
  .map((s) => ({ scheme: s.id, sample: s.recordFormat?.sample as Record<string, unknown> }));

/** The id a partner files the record under: the sample's own registration id, or (schemes without one) its product id. */
function idOf(sample: Record<string, unknown>): string {
  for (const field of ["registrationId", "registrationNumber", "docNumber", "productIdentifier"]) {
    if (typeof sample[field] === "string") return sample[field] as string;
  }
  return "EX-100 (model/rev B)";
}

function suite(name: string, makeStore: () => RecordStore, makeIdempotency?: () => RedisIdempotencyStore) {
  describe(`every scheme's sample record is addressable by its registration id (${name})`, () => {
    it("has samples with slashes among them", () => {
      expect(samples.length).toBeGreaterThanOrEqual(5);
      expect(samples.some((s) => idOf(s.sample).includes("/"))).toBe(true);
    });

    for (const { scheme, sample } of samples) {
      it(`${scheme}: PUT, GET, recognition, label, batch and DELETE under "${idOf(sample)}"`, async () => {
        const store = makeStore();
        const { app } = createTestApp({
          records: store,
          apiKeys: adminKeys,
          ...(makeIdempotency ? { idempotency: makeIdempotency() } : {}),
        });
        const id = idOf(sample);
        const path = `/v1/records/${scheme}/${encodeURIComponent(id)}`;
        const call = adminCall(app);

        const created = await call("PUT", path, { record: sample }, { "if-none-match": "*" });
        expect(created.status, await created.clone().text()).toBe(201);
        expect(await created.json()).toMatchObject({ scheme, registrationId: id });

        const read = await call("GET", path);
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({ registrationId: id });
        const native = await call("GET", `${path}?format=native`);
        expect(await native.json()).toMatchObject({ registrationId: id });

        const recognition = await call("GET", `${path}/recognition?asOf=2026-11-25`);
        expect(recognition.status).toBe(200);
        expect(await recognition.json()).toMatchObject({ registrationId: id });

        const stored = (await (await call("GET", path)).json()) as { canonical: { urls: { registry: string | null } } };
        if (stored.canonical.urls.registry) {
          const resolved = await call(
            "GET",
            `/v1/labels/resolve?url=${encodeURIComponent(stored.canonical.urls.registry)}`,
          );
          expect(resolved.status).toBe(200);
          expect(await resolved.json()).toMatchObject({ scheme, registrationId: id });
        }

        const listed = await call("GET", `/v1/records?scheme=${scheme}`);
        expect(
          ((await listed.json()) as { records: { registrationId: string }[] }).records.map((r) => r.registrationId),
        ).toEqual([id]);

        const batch = await call(
          "POST",
          "/v1/records/batch",
          { records: [{ scheme, registrationId: id, record: sample, ifMatch: '"v1"' }] },
          { "idempotency-key": `ids-${scheme}-${name}` },
        );
        expect(batch.status).toBe(200);
        expect(await batch.json()).toMatchObject({ results: [{ index: 0, status: 200, version: 2 }] });

        const gone = await call("DELETE", path, undefined, { "if-match": '"v2"' });
        expect(gone.status).toBe(200);
        expect(await gone.json()).toMatchObject({ registrationId: id, status: "withdrawn" });
      });
    }
  });
}

suite("memory", () => new MemoryRecordStore());

describe.skipIf(!redisServerInstalled())("on Redis", () => {
  const db = redisClientPerSuite();
  suite(
    "redis",
    () => new RedisRecordStore(db.client),
    () => new RedisIdempotencyStore(db.client),
  );
});
