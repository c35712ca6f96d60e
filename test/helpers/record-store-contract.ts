import { describe, expect, it } from "vitest";
import type { IdempotencyOptions, IdempotencyStore } from "../../src/store/idempotency.ts";
import { FEED_RETENTION_MS, type RecordStore, StoreConflict } from "../../src/store/record-store.ts";
import { jcStarCanonical } from "./records.ts";

/** The contracts every RecordStore and IdempotencyStore twin keeps: memory, a Redis node, a Redis Cluster. */
// The same record under every id (its holder told apart by name): the canonical's own registrationId stays "R-1".
const canonical = (name: string) => jcStarCanonical("R-1", name);
const now = () => new Date().toISOString();

async function conflict(promise: Promise<unknown>): Promise<StoreConflict["kind"]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreConflict) return error.kind;
    throw error;
  }
  throw new Error("expected a conflict");
}

/** The contract every RecordStore twin keeps, run against the memory twin and a real redis-server. */
export function contract(name: string, make: () => Promise<RecordStore>) {
  describe(`record store contract: ${name}`, () => {
    it("creates with If-None-Match: *, refuses a second create, requires If-Match to replace", async () => {
      const store = await make();
      const id = `R-${Math.random()}`;
      const { record, created } = await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: canonical("A"),
        owner: "p1",
        ifNoneMatch: "*",
        now: now(),
      });
      expect(created).toBe(true);
      expect(record).toMatchObject({ version: 1, etag: '"v1"', owner: "p1", withdrawn: false });
      expect(
        await conflict(
          store.put({
            scheme: "jc-star",
            registrationId: id,
            canonical: canonical("B"),
            owner: "p2",
            ifNoneMatch: "*",
            now: now(),
          }),
        ),
      ).toBe("precondition-failed");
      expect(
        await conflict(
          store.put({ scheme: "jc-star", registrationId: id, canonical: canonical("B"), owner: "p1", now: now() }),
        ),
      ).toBe("precondition-required");
      expect(
        await conflict(
          store.put({
            scheme: "jc-star",
            registrationId: id,
            canonical: canonical("B"),
            owner: "p1",
            ifMatch: 'W/"v1"',
            now: now(),
          }),
        ),
      ).toBe("precondition-failed");
      const replaced = await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: canonical("B"),
        owner: "p2",
        ifMatch: '"v1"',
        now: now(),
      });
      expect(replaced).toMatchObject({ created: false, record: { version: 2, etag: '"v2"', owner: "p1" } });
      expect((await store.get("jc-star", id))?.canonical.holder.name).toBe("B");
    });

    it("loses no update under concurrent If-Match writers: one wins per version, the rest get 412", async () => {
      const store = await make();
      const id = `C-${Math.random()}`;
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: canonical("start"),
        owner: null,
        ifNoneMatch: "*",
        now: now(),
      });
      let accepted = 0;
      let refused = 0;
      for (let round = 0; round < 5; round++) {
        const current = await store.get("jc-star", id);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.put({
              scheme: "jc-star",
              registrationId: id,
              canonical: canonical(`w${round}-${i}`),
              owner: null,
              ifMatch: current?.etag ?? "",
              now: now(),
            }),
          ),
        );
        accepted += outcomes.filter((o) => o.status === "fulfilled").length;
        refused += outcomes.filter(
          (o) =>
            o.status === "rejected" && o.reason instanceof StoreConflict && o.reason.kind === "precondition-failed",
        ).length;
      }
      expect(accepted).toBe(5);
      expect(refused).toBe(5 * 7);
      expect((await store.get("jc-star", id))?.version).toBe(6);
      const feed = await store.changes(undefined, 10_000, Date.now());
      const mine = feed.changes.filter((c) => c.registrationId === id);
      expect(mine.map((c) => [c.type, c.version])).toEqual([
        ["created", 1],
        ...[2, 3, 4, 5, 6].map((v) => ["updated", v]),
      ]);
    });

    it("withdraws with a tombstone that the feed shows, in order, resumable by cursor", async () => {
      const store = await make();
      const id = `W-${Math.random()}`;
      const before = await store.changes(undefined, 10_000, Date.now());
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: canonical("A"),
        owner: null,
        ifNoneMatch: "*",
        now: now(),
      });
      expect(
        await conflict(store.withdraw({ scheme: "jc-star", registrationId: id, ifMatch: '"v9"', now: now() })),
      ).toBe("precondition-failed");
      const tombstone = await store.withdraw({ scheme: "jc-star", registrationId: id, ifMatch: '"v1"', now: now() });
      expect(tombstone).toMatchObject({ withdrawn: true, version: 2 });
      expect(
        await conflict(store.withdraw({ scheme: "jc-star", registrationId: `${id}-none`, ifMatch: "*", now: now() })),
      ).toBe("not-found");
      const after = await store.changes(before.next ?? undefined, 100, Date.now());
      expect(after.changes.map((c) => c.type)).toEqual(["created", "withdrawn"]);
      const rest = await store.changes(after.next ?? undefined, 100, Date.now());
      expect(rest.changes).toEqual([]);
    });

    it('If-Match with a representation\'s tag of the current version ("v1-native") matches that version', async () => {
      const store = await make();
      const id = `N-${Math.random()}`;
      const input = { scheme: "jc-star", registrationId: id, canonical: canonical("A"), owner: null, now: now() };
      await store.put({ ...input, ifNoneMatch: "*" });
      expect((await store.put({ ...input, ifMatch: '"v1-native"' })).record.version).toBe(2);
      expect(await conflict(store.put({ ...input, ifMatch: '"v1-native"' }))).toBe("precondition-failed");
      expect(await conflict(store.put({ ...input, ifMatch: '"v2-"' }))).toBe("precondition-failed");
      const tombstone = await store.withdraw({
        scheme: "jc-star",
        registrationId: id,
        ifMatch: '"v2-uk-psti"',
        now: now(),
      });
      expect(tombstone.version).toBe(3);
    });

    it("withdrawing a withdrawn record changes nothing: same version, no second feed entry", async () => {
      const store = await make();
      const id = `WW-${Math.random()}`;
      const before = await store.changes(undefined, 10_000, Date.now());
      const input = { scheme: "jc-star", registrationId: id, canonical: canonical("A"), owner: null, now: now() };
      await store.put({ ...input, ifNoneMatch: "*" });
      const tombstone = await store.withdraw({ scheme: "jc-star", registrationId: id, ifMatch: '"v1"', now: now() });
      for (const ifMatch of ['"v1"', '"v2"', '"v9"']) {
        const again = await store.withdraw({ scheme: "jc-star", registrationId: id, ifMatch, now: now() });
        expect(again, ifMatch).toEqual(tombstone);
      }
      const after = await store.changes(before.next ?? undefined, 100, Date.now());
      expect(after.changes.map((c) => [c.type, c.version])).toEqual([
        ["created", 1],
        ["withdrawn", 2],
      ]);
    });

    it("finds a record by its registry URL, normalised, and forgets a URL the record no longer has", async () => {
      const store = await make();
      const id = `U-${Math.random()}`;
      const withUrl = (url: string) => ({
        ...canonical("A"),
        urls: { registry: url, document: null, supportContact: null },
      });
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: withUrl(`https://example.org/p/${id}`),
        owner: null,
        ifNoneMatch: "*",
        now: now(),
      });
      expect((await store.findByUrl(`HTTPS://Example.org/p/${id}/`)).map((r) => r.registrationId)).toEqual([id]);
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: withUrl(`https://example.org/q/${id}`),
        owner: null,
        ifMatch: '"v1"',
        now: now(),
      });
      expect(await store.findByUrl(`https://example.org/p/${id}`)).toEqual([]);
      expect((await store.findByUrl(`https://example.org/q/${id}`)).map((r) => r.version)).toEqual([2]);
    });

    it("finds every record that shares a registry URL, withdrawn ones included", async () => {
      const store = await make();
      const url = `https://example.org/shared/${Math.random()}`;
      for (const id of ["S-1", "S-2"]) {
        await store.put({
          scheme: "jc-star",
          registrationId: `${id}-${url.slice(-6)}`,
          canonical: { ...canonical("A"), urls: { registry: url, document: null, supportContact: null } },
          owner: null,
          ifNoneMatch: "*",
          now: now(),
        });
      }
      await store.withdraw({ scheme: "jc-star", registrationId: `S-2-${url.slice(-6)}`, ifMatch: '"v1"', now: now() });
      const found = await store.findByUrl(url);
      expect(found.map((r) => [r.registrationId.slice(0, 3), r.withdrawn]).sort()).toEqual([
        ["S-1", false],
        ["S-2", true],
      ]);
    });

    it("lists in order, by scheme and holder, page by page", async () => {
      const store = await make();
      const tag = `L${Math.random().toString(36).slice(2, 8)}`;
      for (const [scheme, id, holder] of [
        ["jc-star", `${tag}-3`, "Acme"],
        ["jc-star", `${tag}-1`, "acme"],
        ["sg-cls", `${tag}-2`, "Beta"],
        ["jc-star", `${tag}-2`, "Beta"],
      ] as const) {
        await store.put({
          scheme,
          registrationId: id,
          canonical: { ...canonical(holder), scheme },
          owner: null,
          ifNoneMatch: "*",
          now: now(),
        });
      }
      const mine = (page: { records: { scheme: string; registrationId: string }[] }) =>
        page.records.filter((r) => r.registrationId.startsWith(tag)).map((r) => `${r.scheme}/${r.registrationId}`);
      const first = await store.list({ scheme: "jc-star", holder: "ACME" }, undefined, 1);
      expect(mine(first)).toEqual([`jc-star/${tag}-1`]);
      const second = await store.list({ scheme: "jc-star", holder: "ACME" }, first.next ?? undefined, 1);
      expect(mine(second)).toEqual([`jc-star/${tag}-3`]);
      const all = await store.list({ scheme: "sg-cls" }, undefined, 500);
      expect(mine(all)).toEqual([`sg-cls/${tag}-2`]);
    });

    it("shows a record's expiry in the feed once, and again only for a renewed label that expires later", async () => {
      const store = await make();
      const id = `E-${Math.random()}`;
      const until = (date: string) => ({
        ...canonical("A"),
        dates: { issued: null, validUntil: date, supportPeriodEnd: null, supportPeriodText: null },
      });
      const start = await store.changes(undefined, 10_000, Date.now());
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: until("2026-03-31"),
        owner: null,
        ifNoneMatch: "*",
        now: now(),
      });
      expect(await store.expireDue("2026-03-31", now())).toBe(0); // valid through its last day
      expect(await store.expireDue("2026-04-01", now())).toBeGreaterThanOrEqual(1);
      expect(await store.expireDue("2026-04-02", now())).toBe(0);
      await store.put({
        scheme: "jc-star",
        registrationId: id,
        canonical: until("2027-03-31"),
        owner: null,
        ifMatch: '"v1"',
        now: now(),
      });
      expect(await store.expireDue("2026-04-03", now())).toBe(0);
      await store.expireDue("2027-04-01", now());
      const feed = await store.changes(start.next ?? undefined, 10_000, Date.now());
      expect(feed.changes.filter((c) => c.registrationId === id).map((c) => c.type)).toEqual([
        "created",
        "expired",
        "updated",
        "expired",
      ]);
    });

    it("answers a cursor older than the retention window with cursor-expired (410)", async () => {
      const store = await make();
      const old = `${Date.now() - FEED_RETENTION_MS - 60_000}-0`;
      expect(await conflict(store.changes(old, 10, Date.now()))).toBe("cursor-expired");
      // Malformed is not old: it is a bad request (400), never "resync everything" (410).
      expect(await conflict(store.changes("not-a-cursor", 10, Date.now()))).toBe("bad-cursor");
      expect(await conflict(store.list({}, "\u0000\u00ff", 10))).toBe("bad-cursor");
    });
  });
}

export function idempotencyContract(name: string, make: (options?: IdempotencyOptions) => Promise<IdempotencyStore>) {
  it(`idempotency keys (${name}): new, in flight, done with the first response, mismatch, released`, async () => {
    const store = await make();
    const key = `k-${Math.random()}`;
    const first = await store.claim("client-a", key, "f1");
    expect(first).toMatchObject({ state: "new", progress: new Map() });
    expect(await store.claim("client-a", key, "f1")).toMatchObject({ state: "in-flight" });
    const b = await store.claim("client-b", key, "f1");
    expect(b.state).toBe("new");
    const response = { status: 200, contentType: "application/json", body: '{"results":[]}' };
    await store.complete("client-a", key, "f1", response);
    expect(await store.claim("client-a", key, "f1")).toEqual({ state: "done", response });
    expect(await store.claim("client-a", key, "f2")).toEqual({ state: "mismatch" });
    // A claim released with nothing recorded is forgotten.
    await store.release("client-b", key, b.state === "new" ? b.token : "");
    expect((await store.claim("client-b", key, "f3")).state).toBe("new");
  });

  it(`idempotency leases (${name}): a lapsed lease lets a retry resume with the recorded items`, async () => {
    let now = 1_000_000;
    const store = await make({ now: () => now, leaseMs: 1000 });
    const key = `k-${Math.random()}`;
    const first = await store.claim("c", key, "f1");
    if (first.state !== "new") throw new Error("expected a new claim");
    expect(await store.progress("c", key, first.token, 0, '{"index":0,"status":201}')).toBe(true);
    now += 900;
    expect(await store.renew("c", key, first.token)).toBe(true);
    now += 900; // within the renewed lease
    // The lease left: renewed at +900 for 1,000 ms, asked at +1,800.
    expect(await store.claim("c", key, "f1")).toEqual({ state: "in-flight", leaseLeftMs: 100 });
    now += 200; // the holder died: nobody renewed
    const retry = await store.claim("c", key, "f1");
    expect(retry).toMatchObject({ state: "new", progress: new Map([[0, '{"index":0,"status":201}']]) });
    if (retry.state !== "new") throw new Error("expected a resumed claim");
    expect(retry.token).not.toBe(first.token);
    // The old holder, if it was only stalled, has lost the key.
    expect(await store.renew("c", key, first.token)).toBe(false);
    expect(await store.progress("c", key, first.token, 1, "{}")).toBe(false);
    // Progress is bound to the payload.
    expect(await store.claim("c", key, "f2")).toEqual({ state: "mismatch" });
    // Released with progress: a retry proceeds at once and still sees it.
    expect(await store.progress("c", key, retry.token, 1, '{"index":1,"status":201}')).toBe(true);
    await store.release("c", key, retry.token);
    const third = await store.claim("c", key, "f1");
    expect(third.state === "new" ? [...third.progress.keys()].sort() : third).toEqual([0, 1]);
  });
}
