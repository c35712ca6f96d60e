import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { ChangeFeed, RecordPage, StoredRecordBody } from "../../src/contracts/stored-record.ts";
import { MemoryIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { MemoryRateLimiter } from "../../src/store/rate-limiter.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";

const token = (name: string) => `test-key-${name}-0123456789abcdef`;
const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const keys = new ApiKeys([
  { id: "ipa-partner", role: "partner", sha256: hash(token("partner")), schemes: ["jc-star"] },
  { id: "other-partner", role: "partner", sha256: hash(token("other")), schemes: ["jc-star"] },
  { id: "cls-partner", role: "partner", sha256: hash(token("cls")), schemes: ["sg-cls"] },
  { id: "regulator", role: "reader", sha256: hash(token("reader")), schemes: [] },
  { id: "ops", role: "admin", sha256: hash(token("admin")), schemes: [] },
]);

function setup() {
  const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: keys, today: "2026-11-25" });
  const call = (method: string, path: string, who?: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${token(who)}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { app, call };
}

const path = "/v1/records/jc-star/JC-2025-000417";
const body = { record: recordFixture("jc-star") };

describe("records: conditional writes and reads", () => {
  it("creates with If-None-Match: *, refuses duplicates, requires a current If-Match to replace", async () => {
    const { call } = setup();
    const created = await call("PUT", path, "partner", body, { "if-none-match": "*" });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe('"v1"');
    const record = await expectBody(created, StoredRecordBody);
    expect(record).toMatchObject({
      version: 1,
      owner: "ipa-partner",
      status: "active",
      canonical: { level: "STAR-1" },
    });

    await expectProblem(await call("PUT", path, "partner", body, { "if-none-match": "*" }), 412);
    await expectProblem(await call("PUT", path, "partner", body), 428);
    const stale = await call("PUT", path, "partner", body, { "if-match": '"v0"' });
    await expectProblem(stale, 412);
    expect(stale.headers.get("etag")).toBe('"v1"');
    const replaced = await call(
      "PUT",
      path,
      "partner",
      { record: { ...body.record, productType: "Gateway" } },
      { "if-match": '"v1"' },
    );
    expect(replaced.status).toBe(200);
    expect((await expectBody(replaced, StoredRecordBody)).canonical.product.type).toBe("Gateway");

    const read = await call("GET", path, "reader");
    expect(read.headers.get("etag")).toBe('"v2"');
    expect((await call("GET", path, "reader", undefined, { "if-none-match": '"v2"' })).status).toBe(304);
  });

  it("computes expired from the dates, and withdraws with If-Match into a tombstone the feed shows", async () => {
    const { call } = setup();
    const old = { record: { ...body.record, expiryDate: "2026-01-31" } };
    await call("PUT", path, "partner", old, { "if-none-match": "*" });
    expect((await expectBody(await call("GET", path, "reader"), StoredRecordBody)).status).toBe("expired");
    await expectProblem(await call("DELETE", path, "partner"), 428);
    const gone = await call("DELETE", path, "partner", undefined, { "if-match": '"v1"' });
    expect((await expectBody(gone, StoredRecordBody)).status).toBe("withdrawn");
    const feed = await expectBody(await call("GET", "/v1/changes", "reader"), ChangeFeed);
    expect(feed.changes.map((c) => [c.type, c.version])).toEqual([
      ["created", 1],
      ["withdrawn", 2],
    ]);
    const after = await expectBody(await call("GET", `/v1/changes?since=${feed.next}`, "reader"), ChangeFeed);
    expect(after.changes).toEqual([]);
    await expectProblem(await call("GET", "/v1/changes?since=1000-0", "reader"), 410);
  });

  it("DELETE of a withdrawn record answers 200 with the tombstone as it is: no new version, no second feed entry", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    const first = await call("DELETE", path, "partner", undefined, { "if-match": '"v1"' });
    const tombstone = await expectBody(first, StoredRecordBody);
    expect(tombstone).toMatchObject({ version: 2, status: "withdrawn" });
    // A retry whose first answer was lost (still naming v1), and one naming the tombstone's own ETag.
    for (const etag of ['"v1"', '"v2"']) {
      const again = await call("DELETE", path, "partner", undefined, { "if-match": etag });
      expect(again.status, etag).toBe(200);
      expect(again.headers.get("etag")).toBe('"v2"');
      expect(await expectBody(again, StoredRecordBody)).toEqual(tombstone);
    }
    await expectProblem(await call("DELETE", path, "partner"), 428);
    const feed = await expectBody(await call("GET", "/v1/changes", "reader"), ChangeFeed);
    expect(feed.changes.map((c) => [c.type, c.version])).toEqual([
      ["created", 1],
      ["withdrawn", 2],
    ]);
  });

  it("If-Match takes the ETag of any representation of the version: a native GET's tag replaces its version", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    const native = await call("GET", `${path}?format=native`, "reader");
    expect(native.headers.get("etag")).toBe('"v1-native"');
    const replaced = await call("PUT", path, "partner", body, { "if-match": '"v1-native"' });
    expect(replaced.status, await replaced.clone().text()).toBe(200);
    expect(replaced.headers.get("etag")).toBe('"v2"');
    // Still a strong, version-exact match: the stale native tag, a weak one and an unknown format's are refused.
    await expectProblem(await call("PUT", path, "partner", body, { "if-match": '"v1-native"' }), 412);
    await expectProblem(await call("PUT", path, "partner", body, { "if-match": 'W/"v2-native"' }), 412);
    const translated = await call("GET", `${path}?format=uk-psti`, "reader");
    const gone = await call("DELETE", path, "partner", undefined, { "if-match": translated.headers.get("etag") ?? "" });
    expect((await expectBody(gone, StoredRecordBody)).version).toBe(3);
  });

  it("refuses bad records with 422 by pointer and changes nothing", async () => {
    const { call } = setup();
    const bad = await call(
      "PUT",
      path,
      "partner",
      { record: { ...body.record, issueDate: "someday" } },
      { "if-none-match": "*" },
    );
    expect((await expectProblem(bad, 422)).errors?.[0]?.pointer).toBe("/body/record/issueDate");
    const mismatch = await call("PUT", "/v1/records/jc-star/OTHER-ID", "partner", body, { "if-none-match": "*" });
    await expectProblem(mismatch, 422);
    const stated = await call(
      "PUT",
      path,
      "admin",
      { format: "canonical", record: { status: "expired" } },
      { "if-none-match": "*" },
    );
    await expectProblem(stated, 422);
    await expectProblem(await call("GET", path, "reader"), 404);
    expect((await expectBody(await call("GET", "/v1/changes", "reader"), ChangeFeed)).changes).toEqual([]);
  });
});

describe("records: listing", () => {
  it("pages through records with scheme, holder and computed-status filters", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    await call(
      "PUT",
      "/v1/records/jc-star/JC-OLD",
      "partner",
      { record: { ...body.record, registrationNumber: "JC-OLD", expiryDate: "2025-01-01" } },
      { "if-none-match": "*" },
    );
    const page = await expectBody(await call("GET", "/v1/records?scheme=jc-star&limit=1", "reader"), RecordPage);
    expect(page.records.map((r) => r.registrationId)).toEqual(["JC-2025-000417"]);
    const next = await expectBody(
      await call("GET", `/v1/records?scheme=jc-star&limit=1&cursor=${encodeURIComponent(page.next ?? "")}`, "reader"),
      RecordPage,
    );
    expect(next.records.map((r) => [r.registrationId, r.status])).toEqual([["JC-OLD", "expired"]]);
    const expired = await expectBody(await call("GET", "/v1/records?status=expired", "reader"), RecordPage);
    expect(expired.records.map((r) => r.registrationId)).toEqual(["JC-OLD"]);
    const holder = await expectBody(
      await call("GET", "/v1/records?holder=sakura%20networks%20k.k.", "reader"),
      RecordPage,
    );
    expect(holder.records).toHaveLength(2);
    await expectProblem(await call("GET", "/v1/records?limit=5000", "reader"), 400);
  });
});

describe("records: representations, recognition and label look-up", () => {
  it("serves the native original and a provisional translation, each with its own ETag", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    const native = await call("GET", `${path}?format=native`, "reader");
    expect(native.headers.get("etag")).toBe('"v1-native"');
    expect(((await native.json()) as { record: unknown }).record).toEqual(body.record);
    const psti = await call("GET", `${path}?format=uk-psti`, "reader");
    const translated = (await psti.json()) as { record: Record<string, unknown>; provisional: boolean };
    expect(translated.provisional).toBe(true);
    expect(translated.record.manufacturerName).toBe("Sakura Networks K.K.");
    await expectProblem(await call("GET", `${path}?format=nope`, "reader"), 404);
  });

  it("says what the record earns in every other scheme, expiry-aware", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    const now = (await (await call("GET", `${path}/recognition?asOf=2026-01-15`, "reader")).json()) as {
      status: string;
      recognition: { to: { scheme: string }; verdict: string }[];
    };
    expect(now.status).toBe("active");
    expect(now.recognition.find((r) => r.to.scheme === "uk-psti")?.verdict).toBe("recognized");
    expect(now.recognition.map((r) => r.to.scheme)).toEqual(
      expect.arrayContaining(["eu-cra", "sg-cls", "uk-psti", "us-ctm"]),
    );
    const later = (await (await call("GET", `${path}/recognition?asOf=2027-07-01`, "reader")).json()) as {
      status: string;
      recognition: { to: { scheme: string }; verdict: string }[];
    };
    expect(later.status).toBe("expired");
    expect(later.recognition.find((r) => r.to.scheme === "uk-psti")?.verdict).not.toBe("recognized");
  });

  it("resolves a label's QR URL to its record by matching, never by fetching", async () => {
    const { call } = setup();
    await call("PUT", path, "partner", body, { "if-none-match": "*" });
    const url = encodeURIComponent("HTTPS://EXAMPLE.ORG/jc-star/products/JC-2025-000417/#top");
    const found = await call("GET", `/v1/labels/resolve?url=${url}`, "reader");
    expect((await expectBody(found, StoredRecordBody)).registrationId).toBe("JC-2025-000417");
    await expectProblem(
      await call("GET", `/v1/labels/resolve?url=${encodeURIComponent("https://example.org/other")}`, "reader"),
      404,
    );
    await expectProblem(await call("GET", "/v1/labels/resolve?url=file%3A%2F%2F%2Fetc%2Fpasswd", "reader"), 400);
  });
});

describe("records: authorization matrix", () => {
  it.each([
    ["PUT", path],
    ["GET", path],
    ["DELETE", path],
    ["GET", `${path}/recognition`],
    ["GET", "/v1/changes"],
    ["GET", "/v1/labels/resolve?url=https%3A%2F%2Fexample.org%2Fx"],
    ["GET", "/v1/records"],
    ["POST", "/v1/records/batch"],
  ])("%s %s without a key is 401, with a bad key 401", async (method, route) => {
    const { app } = setup();
    const none = await app.request(route, { method });
    await expectProblem(none, 401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    await expectProblem(
      await app.request(route, { method, headers: { authorization: `Bearer ${token("nobody")}` } }),
      401,
    );
  });

  it("a reader may not write; a partner may not write another scheme or another partner's record", async () => {
    const { call } = setup();
    await expectProblem(await call("PUT", path, "reader", body, { "if-none-match": "*" }), 403);
    await expectProblem(await call("PUT", path, "cls", body, { "if-none-match": "*" }), 403);
    expect((await call("PUT", path, "partner", body, { "if-none-match": "*" })).status).toBe(201);
    await expectProblem(await call("PUT", path, "other", body, { "if-match": '"v1"' }), 403);
    await expectProblem(await call("DELETE", path, "other", undefined, { "if-match": '"v1"' }), 403);
    await expectProblem(await call("DELETE", path, "reader", undefined, { "if-match": '"v1"' }), 403);
    // The admin may do anything; the record stays the creator's.
    const byAdmin = await call("PUT", path, "admin", body, { "if-match": '"v1"' });
    expect((await expectBody(byAdmin, StoredRecordBody)).owner).toBe("ipa-partner");
  });

  it("with no keys configured the record routes are closed (401), and without a store they say so (503)", async () => {
    const closed = createTestApp({ records: new MemoryRecordStore() }).app;
    await expectProblem(await closed.request(path), 401);
    const edge = createTestApp().app;
    const problem = await expectProblem(await edge.request(path), 503);
    expect(problem.detail).toContain("origin");
  });
});

describe("records: idempotent batches", () => {
  const batchBody = (ids: string[]) => ({
    records: ids.map((id) => ({
      scheme: "jc-star",
      registrationId: id,
      record: { ...recordFixture("jc-star"), registrationNumber: id },
      ifNoneMatch: "*",
    })),
  });

  it("a replay returns the first response byte for byte and creates nothing twice, in the store or the feed", async () => {
    const { call } = setup();
    const first = await call("POST", "/v1/records/batch", "partner", batchBody(["B-1", "B-2"]), {
      "idempotency-key": "k-1",
    });
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(JSON.parse(text).results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
    const replay = await call("POST", "/v1/records/batch", "partner", batchBody(["B-1", "B-2"]), {
      "idempotency-key": "k-1",
    });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(text);
    const feed = await expectBody(await call("GET", "/v1/changes", "reader"), ChangeFeed);
    expect(feed.changes.map((c) => [c.registrationId, c.type])).toEqual([
      ["B-1", "created"],
      ["B-2", "created"],
    ]);
  });

  it("a bad item fails alone; a reused key with another body is 422; a missing key is 400", async () => {
    const { call } = setup();
    const mixed = batchBody(["B-3"]);
    mixed.records.push({ ...mixed.records[0], registrationId: "B-4", record: { level: "★9" } } as never);
    const response = await call("POST", "/v1/records/batch", "partner", mixed, { "idempotency-key": "k-2" });
    const results = (await response.json()) as { results: { status: number; problem?: { errors?: unknown[] } }[] };
    expect(results.results.map((r) => r.status)).toEqual([201, 422]);
    expect(results.results[1]?.problem?.errors?.length).toBeGreaterThan(0);
    await expectProblem(
      await call("POST", "/v1/records/batch", "partner", batchBody(["B-5"]), { "idempotency-key": "k-2" }),
      422,
    );
    await expectProblem(await call("POST", "/v1/records/batch", "partner", batchBody(["B-5"])), 400);
  });

  it("a key still in flight is 409, and keys are scoped per client", async () => {
    // A store whose writes wait until the test lets them go, so that the first request is truly in flight.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = new MemoryRecordStore();
    const slow = Object.assign(Object.create(inner) as MemoryRecordStore, {
      put: async (input: Parameters<MemoryRecordStore["put"]>[0]) => {
        await gate;
        return inner.put(input);
      },
    });
    const { app } = createTestApp({ records: slow, idempotency: new MemoryIdempotencyStore(), apiKeys: keys });
    const body = JSON.stringify(batchBody(["B-6"]));
    const post = (who: string) =>
      app.request("/v1/records/batch", {
        method: "POST",
        headers: {
          authorization: `Bearer ${token(who)}`,
          "content-type": "application/json",
          "idempotency-key": "k-3",
        },
        body,
      });
    const first = post("partner");
    await new Promise((r) => setTimeout(r, 20));
    const running = await post("partner");
    // Within the 10-second lease the running request holds: when to look again.
    expect(Number(running.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(running.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    await expectProblem(running, 409);
    release();
    expect((await first).status).toBe(200);
    // The same key from another client is that client's own.
    const other = await post("admin");
    expect(((await other.json()) as { results: { status: number }[] }).results[0]?.status).toBe(412);
  });
});

describe("records: per-key rate limits", () => {
  it("answers 429 with Retry-After past the key's budget, counting each request once", async () => {
    const { app } = createTestApp({
      records: new MemoryRecordStore(),
      apiKeys: keys,
      rateLimiter: new MemoryRateLimiter(),
      rateLimitPerMinute: 3,
    });
    const get = (who: string) =>
      app.request("/v1/records?limit=1", { headers: { authorization: `Bearer ${token(who)}` } });
    for (let i = 0; i < 3; i++) expect((await get("reader")).status).toBe(200);
    const limited = await get("reader");
    await expectProblem(limited, 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Budgets are per key.
    expect((await get("admin")).status).toBe(200);
  });
});
