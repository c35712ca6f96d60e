import { describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { adminCall, adminKeys } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

function setup() {
  const records = new MemoryRecordStore();
  const { app } = createTestApp({ records, apiKeys: adminKeys });
  return { records, call: adminCall(app) };
}

const path = "/v1/records/jc-star/JC-2025-000417";
const record = recordFixture("jc-star");

describe("If-Match: * is not a way around the lost-update protection", () => {
  it("PUT, DELETE and batch items with If-Match: * are refused with a 428 that says to send the ETag", async () => {
    const { records, call } = setup();
    expect((await call("PUT", path, { record }, { "if-none-match": "*" })).status).toBe(201);
    const changed = { record: { ...record, productType: "Gateway" } };
    for (const value of ["*", '"v1", *']) {
      const problem = await expectProblem(await call("PUT", path, changed, { "if-match": value }), 428);
      expect(problem.detail).toMatch(/ETag/);
      expect(problem.errors?.[0]?.pointer).toBe("/header/if-match");
    }
    await expectProblem(await call("DELETE", path, undefined, { "if-match": "*" }), 428);
    const batch = await call(
      "POST",
      "/v1/records/batch",
      { records: [{ scheme: "jc-star", registrationId: "JC-2025-000417", record: changed.record, ifMatch: "*" }] },
      { "idempotency-key": "star-1" },
    );
    expect(await batch.json()).toMatchObject({ results: [{ status: 428 }] });
    expect((await records.get("jc-star", "JC-2025-000417"))?.version).toBe(1);
  });
});

describe("cursors: malformed is 400, only a well-formed old one is 410", () => {
  it("answers a malformed change-feed cursor 400 and an expired one 410", async () => {
    const { call } = setup();
    for (const since of ["abc", "12-", "%00%ff", "1-2-3"]) {
      const problem = await expectProblem(await call("GET", `/v1/changes?since=${since}`), 400);
      expect(problem.errors?.[0]?.pointer).toBe("/query/since");
    }
    await expectProblem(await call("GET", "/v1/changes?since=1000-0"), 410);
  });

  it("answers a malformed listing cursor 400 instead of the first page", async () => {
    const { call } = setup();
    await call("PUT", path, { record }, { "if-none-match": "*" });
    for (const cursor of ["%00%ff", "no-separator", "jc-star%7C"]) {
      const problem = await expectProblem(await call("GET", `/v1/records?cursor=${cursor}`), 400);
      expect(problem.errors?.[0]?.pointer).toBe("/query/cursor");
    }
    const page = (await (await call("GET", "/v1/records?cursor=jc-star%7CA")).json()) as { records: unknown[] };
    expect(page.records).toHaveLength(1);
  });
});

describe("batch problems say which item and which header", () => {
  it("points an item's problems at /body/records/{i}/…", async () => {
    const { call } = setup();
    const bad = { ...record, issueDate: "not a date" };
    const response = await call(
      "POST",
      "/v1/records/batch",
      {
        records: [
          { scheme: "jc-star", registrationId: "JC-2025-000417", record, ifNoneMatch: "*" },
          {
            scheme: "jc-star",
            registrationId: "JC-2025-000418",
            record: { ...bad, registrationNumber: "JC-2025-000418" },
            ifNoneMatch: "*",
          },
          { scheme: "jc-star", registrationId: "JC-2025-000417", record, ifMatch: "*" },
        ],
      },
      { "idempotency-key": "pointers-1" },
    );
    const { results } = (await response.json()) as {
      results: { status: number; problem?: { errors?: { pointer: string }[] } }[];
    };
    expect(results.map((r) => r.status)).toEqual([201, 422, 428]);
    const pointers = results[1]?.problem?.errors?.map((e) => e.pointer) ?? [];
    expect(pointers.length).toBeGreaterThan(0);
    for (const pointer of pointers) expect(pointer).toMatch(/^\/body\/records\/1\/record\//);
    expect(results[2]?.problem?.errors?.[0]?.pointer).toBe("/body/records/2/ifMatch");
  });

  it("a missing Idempotency-Key says the header is required", async () => {
    const { call } = setup();
    const problem = await expectProblem(
      await call("POST", "/v1/records/batch", {
        records: [{ scheme: "jc-star", registrationId: "JC-2025-000417", record, ifNoneMatch: "*" }],
      }),
      400,
    );
    expect(problem.errors?.[0]).toEqual({
      pointer: "/header/idempotency-key",
      detail: "the Idempotency-Key header is required",
    });
  });
});

describe("label resolution among records that share a URL", () => {
  const url = "https://example.com/jc-star/products/shared";
  const put = (call: ReturnType<typeof setup>["call"], id: string) =>
    call(
      "PUT",
      `/v1/records/jc-star/${id}`,
      { record: { ...record, registrationNumber: id, productPageUrl: url } },
      { "if-none-match": "*" },
    );
  const resolve = async (call: ReturnType<typeof setup>["call"]) => {
    const response = await call("GET", `/v1/labels/resolve?url=${encodeURIComponent(url)}`);
    expect(response.status).toBe(200);
    return (await response.json()) as {
      registrationId: string;
      status: string;
      match: { ambiguous: boolean; candidates: { registrationId: string; status: string }[] };
    };
  };

  it("prefers the active record over a withdrawn one written later", async () => {
    const { call } = setup();
    await put(call, "JC-A");
    await put(call, "JC-B");
    await call("DELETE", "/v1/records/jc-star/JC-B", undefined, { "if-match": '"v1"' });
    const found = await resolve(call);
    expect(found).toMatchObject({ registrationId: "JC-A", status: "active", match: { ambiguous: false } });
    expect(found.match.candidates.map((c) => `${c.registrationId}:${c.status}`).sort()).toEqual([
      "JC-A:active",
      "JC-B:withdrawn",
    ]);
  });

  it("says the match is ambiguous when two active records share the URL", async () => {
    const { call } = setup();
    await put(call, "JC-A");
    await put(call, "JC-B");
    const found = await resolve(call);
    expect(found.match.ambiguous).toBe(true);
    expect(found.match.candidates).toHaveLength(2);
  });
});
