import { describe, expect, it } from "vitest";
import { toProblem } from "../../src/lib/to-problem.ts";
import type { Caller } from "../../src/services/caller.ts";
import { ServiceError, StoreUnavailable } from "../../src/services/errors.ts";
import type { ItemOutcome, WriteRequest } from "../../src/services/record-service.ts";
import { MemoryIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { recordFixture } from "../helpers/records.ts";
import { manualClock } from "../helpers/test-app.ts";
import { clsPartner, manualTicker, otherPartner, partner, services, sha256 } from "./service-fixture.ts";

/** The RecordService without HTTP: memory twins, a clock and a lease ticker the test moves by hand. */

const id = "JC-2025-000417";
const create: WriteRequest = {
  scheme: "jc-star",
  registrationId: id,
  format: "native",
  record: recordFixture("jc-star"),
  ifNoneMatch: "*",
};
const as = (principal: Caller["principal"]): Caller => ({ principal });

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe("RecordService: writes, withdrawals and views on the injected clock", () => {
  it("stamps versions with the clock's instant and shows the status as of the clock's day", async () => {
    const clock = manualClock("2027-06-30T12:00:00.000Z");
    const { records } = services({ clock, records: new MemoryRecordStore() });
    const written = await records.put(as(partner), create);
    expect(written).toMatchObject({ status: 201, etag: '"v1"', view: { status: "active", owner: "ipa-partner" } });
    expect(written).toHaveProperty("view.createdAt", "2027-06-30T12:00:00.000Z");

    // The fixture is valid until 2027-06-30: one day later by the clock, the same stored record reads as expired.
    clock.advance(24 * 3600 * 1000);
    const read = await records.get(as(partner), "jc-star", id);
    expect(records.view(read).status).toBe("expired");

    const withdrawn = await records.withdraw(as(partner), { scheme: "jc-star", registrationId: id, ifMatch: '"v1"' });
    expect(withdrawn).toMatchObject({ status: 200, etag: '"v2"', view: { status: "withdrawn" } });
    expect(withdrawn).toHaveProperty("view.updatedAt", "2027-07-01T12:00:00.000Z");
    expect(withdrawn).toHaveProperty("view.createdAt", "2027-06-30T12:00:00.000Z");
  });

  it("refuses a key without the scheme's grant, another partner's record, a blind If-Match and an unknown scheme", async () => {
    const clock = manualClock("2026-11-25T09:00:00.000Z");
    const store = new MemoryRecordStore();
    const { records } = services({ clock, records: store });

    const ungranted = await refusal(records.put(as(clsPartner), create));
    expect([ungranted.refusal, ungranted.message]).toEqual([
      "forbidden",
      "the key cls-partner may not write jc-star records",
    ]);

    await records.put(as(partner), create);
    const replace = { ...create, ifNoneMatch: undefined, ifMatch: '"v1"' };
    const foreign = await refusal(records.put(as(otherPartner), replace));
    expect([foreign.refusal, foreign.message]).toEqual([
      "forbidden",
      `the record jc-star/${id} belongs to another partner`,
    ]);
    const foreignWithdrawal = { scheme: "jc-star", registrationId: id, ifMatch: '"v1"' };
    expect((await refusal(records.withdraw(as(otherPartner), foreignWithdrawal))).refusal).toBe("forbidden");

    const blind = await refusal(records.put(as(partner), { ...replace, ifMatch: "*" }));
    expect(blind.refusal).toBe("precondition-required");
    expect(blind.faults).toEqual([{ pointer: "/header/if-match", detail: 'must be the current ETag ("v<n>"), not *' }]);

    const unknown = await refusal(records.put(as(partner), { ...create, scheme: "xx-none" }));
    expect(unknown.refusal).toBe("not-found");
    expect(unknown.faults?.[0]?.pointer).toBe("/path/scheme");

    // Nothing refused was written: the partner's version 1 is still the record.
    expect((await store.get("jc-star", id))?.version).toBe(1);
  });

  it("says records are not served where there is no store, and a store that fails is unavailable", async () => {
    const clock = manualClock("2026-11-25T09:00:00.000Z");
    const none = await refusal(services({ clock }).records.get(as(partner), "jc-star", id));
    expect([none.refusal, none.retryAfterSeconds]).toEqual(["not-served", 3600]);

    const broken = new MemoryRecordStore();
    broken.get = async () => {
      throw new Error("connection reset");
    };
    const error = await services({ clock, records: broken })
      .records.put(as(partner), create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailable);
  });

  it("answers a repeated Idempotency-Key with the first answer and writes once", async () => {
    const clock = manualClock("2026-11-25T09:00:00.000Z");
    const store = new MemoryRecordStore();
    const { records } = services({
      clock,
      records: store,
      idempotency: new MemoryIdempotencyStore({ now: clock.now }),
    });
    const first = await records.put(as(partner), create, "key-1");
    clock.advance(1000);
    const again = await records.put(as(partner), create, "key-1");
    expect(again).toEqual({
      replayed: {
        status: 201,
        contentType: "application/json",
        etag: '"v1"',
        body: JSON.stringify("view" in first ? first.view : undefined),
      },
    });
    expect((await store.get("jc-star", id))?.version).toBe(1);
  });
});

describe("RecordService.batch: the idempotency lease and its timer", () => {
  const items: WriteRequest[] = [create, { ...create, ifNoneMatch: undefined, ifMatch: '"v1"' }];
  const present = (outcome: ItemOutcome) =>
    outcome.ok
      ? { index: outcome.index, status: outcome.created ? 201 : 200 }
      : { index: outcome.index, status: toProblem(outcome.error)?.status ?? 500 };
  const fingerprint = sha256(JSON.stringify(items));

  /** A memory store that runs `during` while the first item's write is under way (a slow store, on the test's cue). */
  function slowFirstWrite(during: () => Promise<void>): RecordStore {
    const store = new MemoryRecordStore();
    const put = store.put.bind(store);
    let first = true;
    store.put = async (input) => {
      if (first) {
        first = false;
        await during();
      }
      return put(input);
    };
    return store;
  }

  it("renews the lease on each tick, so a write longer than the lease keeps a competing retry out", async () => {
    const clock = manualClock("2026-11-25T09:00:00.000Z");
    const idempotency = new MemoryIdempotencyStore({ now: clock.now, leaseMs: 30_000 });
    const ticker = manualTicker();
    let competitor: Awaited<ReturnType<typeof idempotency.claim>> | undefined;
    const records = slowFirstWrite(async () => {
      clock.advance(20_000);
      await ticker.fire();
      clock.advance(20_000); // 40 s after the claim: past the first lease, within the renewed one
      competitor = await idempotency.claim("ipa-partner", "batch-1", fingerprint);
    });
    const service = services({ clock, records, idempotency, ticker: ticker.ticker }).records;

    const outcome = await service.batch(as(partner), "batch-1", items, present);
    expect(ticker.intervals).toEqual([10_000]); // a third of the lease
    expect(competitor).toEqual({ state: "in-flight", leaseLeftMs: 10_000 });
    expect(outcome).toEqual({
      body: JSON.stringify({
        results: [
          { index: 0, status: 201 },
          { index: 1, status: 200 },
        ],
      }),
    });
    expect(ticker.running()).toBe(0); // the timer stops with the batch
  });

  it("stops writing once a retry took the lapsed lease over", async () => {
    const clock = manualClock("2026-11-25T09:00:00.000Z");
    const idempotency = new MemoryIdempotencyStore({ now: clock.now, leaseMs: 30_000 });
    const ticker = manualTicker();
    const records = slowFirstWrite(async () => {
      clock.advance(31_000); // no tick came: the lease lapsed, and a retry claims the key
      expect((await idempotency.claim("ipa-partner", "batch-2", fingerprint)).state).toBe("new");
    });
    const service = services({ clock, records, idempotency, ticker: ticker.ticker }).records;

    const taken = await refusal(service.batch(as(partner), "batch-2", items, present));
    expect([taken.refusal, taken.message]).toEqual([
      "conflict",
      "a retry with this Idempotency-Key took over this request",
    ]);
    expect((await records.get("jc-star", id))?.version).toBe(1); // the second item was not written
    expect(ticker.running()).toBe(0);
  });
});
