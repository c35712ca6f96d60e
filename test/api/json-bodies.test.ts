import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { adminKeys, adminToken } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

/**
 * Every JSON body passes one reading step before any parser, validator or fingerprint sees it: bounded nesting,
 * no duplicate member names, valid UTF-8 in a UTF-8 charset, no NUL in text. Each refusal is a problem that changes
 * nothing.
 */

function setup() {
  const records = new MemoryRecordStore();
  const { app } = createTestApp({ records, apiKeys: adminKeys });
  const send = (method: string, path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", ...headers },
      body,
    });
  return { records, send };
}

const record = recordFixture("jc-star");
const put = "/v1/records/jc-star/JC-2025-000417";
const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("JSON bodies: nesting depth", () => {
  it("a batch item nested 5,000 levels deep is a 400 problem, not a stack overflow, and writes nothing", async () => {
    const { records, send } = setup();
    const body = `{"records":[{"scheme":"jc-star","registrationId":"X-1","ifNoneMatch":"*","record":{"a":${deep(5000)}}}]}`;
    const problem = await expectProblem(
      await send("POST", "/v1/records/batch", body, { "idempotency-key": "deep-1" }),
      400,
    );
    expect(problem.detail).toContain("64");
    expect(problem.errors?.[0]?.pointer).toMatch(/^\/body\/records\/0\/record\/a(\/0)+$/);
    expect((await records.list({}, undefined, 10)).records).toHaveLength(0);
  });

  it("on PUT and on translations too; 64 levels is still accepted by the reading step", async () => {
    const { send } = setup();
    await expectProblem(await send("PUT", put, `{"record":${deep(100)}}`, { "if-none-match": "*" }), 400);
    await expectProblem(await send("POST", "/v1/translations", `{"record":${deep(100)}}`), 400);
    // 63 levels inside the outer object: not refused for depth (the record's own validation answers instead).
    const ok = await send("PUT", put, `{"record":{"x":${deep(62)}}}`, { "if-none-match": "*" });
    expect(ok.status).toBe(422);
  });

  it("an NDJSON translation line nested too deep gets its own problem line", async () => {
    const { send } = setup();
    const response = await send(
      "POST",
      "/v1/translations/batch",
      `{"from":"jc-star","to":"uk-psti","record":${deep(5000)}}\n`,
      {
        "content-type": "application/x-ndjson",
      },
    );
    expect(response.status).toBe(200);
    const line = JSON.parse((await response.text()).trim()) as { line: number; problem: { status: number } };
    expect(line).toMatchObject({ line: 1, problem: { status: 400 } });
  });
});

describe("JSON bodies: lenient input refused", () => {
  it("duplicate member names are a 400 naming the member", async () => {
    const { records, send } = setup();
    const body = `{"record":{"registrationNumber":"JC-2025-000417","registrationNumber":"JC-OTHER"}}`;
    const problem = await expectProblem(await send("PUT", put, body, { "if-none-match": "*" }), 400);
    expect(problem.errors?.[0]?.pointer).toBe("/body/record/registrationNumber");
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
  });

  it("invalid UTF-8 is a 400, never stored as U+FFFD", async () => {
    const { records, send } = setup();
    const json = JSON.stringify({ record: { ...record, productName: "Router XX" } });
    const bytes = new TextEncoder().encode(json);
    const at = json.indexOf("XX");
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    await expectProblem(await send("PUT", put, bytes, { "if-none-match": "*" }), 400);
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
  });

  it("a charset other than UTF-8 is a 415; charset=utf-8 is fine", async () => {
    const { send } = setup();
    const json = JSON.stringify({ record });
    const problem = await expectProblem(
      await send("PUT", put, json, { "content-type": "application/json; charset=iso-8859-1", "if-none-match": "*" }),
      415,
    );
    expect(problem.detail).toContain("iso-8859-1");
    const ok = await send("PUT", put, json, {
      "content-type": "application/json; charset=UTF-8",
      "if-none-match": "*",
    });
    expect(ok.status).toBe(201);
  });

  it("a compressed body (Content-Encoding: gzip) is a 415 saying Accept-Encoding: identity; identity is fine", async () => {
    const { records, send } = setup();
    const json = JSON.stringify({ record });
    const answer = await send("PUT", put, gzipSync(json), { "content-encoding": "gzip", "if-none-match": "*" });
    expect(answer.headers.get("accept-encoding")).toBe("identity");
    const problem = await expectProblem(answer, 415);
    expect(problem.detail).toContain("gzip");
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
    const batch = await send("POST", "/v1/translations/batch", gzipSync("{}\n"), {
      "content-type": "application/x-ndjson",
      "content-encoding": "GZIP",
    });
    expect(batch.headers.get("accept-encoding")).toBe("identity");
    await expectProblem(batch, 415);
    const plain = await send("PUT", put, json, { "content-encoding": "identity", "if-none-match": "*" });
    expect(plain.status).toBe(201);
  });

  it("a NUL character in a text field is a 422 pointing at the field", async () => {
    const { records, send } = setup();
    const body = JSON.stringify({ record: { ...record, productName: "Router\u0000X" } });
    const problem = await expectProblem(await send("PUT", put, body, { "if-none-match": "*" }), 422);
    expect(problem.errors?.[0]?.pointer).toBe("/body/record/productName");
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
  });
});

describe("JSON bodies: lone surrogates", () => {
  // Written as JSON escapes: a raw lone surrogate cannot be sent in UTF-8 at all (the decoder refuses it as invalid).
  // The record with its product name (or an extra member's name) as raw JSON text.
  const withName = (text: string) =>
    JSON.stringify({ record: { ...record, productName: "@" } }).replace('"@"', `"${text}"`);
  const withMember = (text: string) => JSON.stringify({ record: { ...record, "@": 1 } }).replace('"@"', `"${text}"`);

  it("a lone \\ud800 or \\udc00 in a value or a member name is a 400 that stores nothing", async () => {
    const { records, send } = setup();
    for (const written of ["\\ud800", "\\uDBFF", "\\udc00", "\\ud800x", "\\ud800\\ud800", "\\udc00\\ud800"]) {
      const body = withName(`Router ${written}`);
      const problem = await expectProblem(await send("PUT", put, body, { "if-none-match": "*" }), 400);
      expect(problem.errors?.[0]?.pointer, written).toBe("/body/record/productName");
      expect(problem.detail, written).toContain("surrogate");
    }
    const member = await expectProblem(await send("PUT", put, withMember("a\\ud800"), { "if-none-match": "*" }), 400);
    expect(member.detail).toContain("surrogate");
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
  });

  it("on a batch item, a translation and an NDJSON translation line too", async () => {
    const { records, send } = setup();
    const item = `{"scheme":"jc-star","registrationId":"X-1","ifNoneMatch":"*","record":{"productName":"\\ud800"}}`;
    const batch = await send("POST", "/v1/records/batch", `{"records":[${item}]}`, { "idempotency-key": "lone-1" });
    expect((await expectProblem(batch, 400)).errors?.[0]?.pointer).toBe("/body/records/0/record/productName");
    expect((await records.list({}, undefined, 10)).records).toHaveLength(0);
    const translation = `{"from":"jc-star","to":"uk-psti","record":{"productName":"\\udfff"}}`;
    await expectProblem(await send("POST", "/v1/translations", translation), 400);
    const response = await send("POST", "/v1/translations/batch", `${translation}\n`, {
      "content-type": "application/x-ndjson",
    });
    expect(response.status).toBe(200);
    expect(JSON.parse((await response.text()).trim())).toMatchObject({ line: 1, problem: { status: 400 } });
  });

  it("a surrogate pair written as two escapes, and an escaped backslash before u, are fine", async () => {
    const { send } = setup();
    const paired = withName("Router \\ud83d\\ude00 \\\\ud800");
    const created = await send("PUT", put, paired, { "if-none-match": "*" });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(((await created.json()) as { canonical: { product: { name: string } } }).canonical.product.name).toBe(
      "Router \u{1F600} \\ud800",
    );
  });
});

describe("JSON bodies: size", () => {
  it("a body over the limit is a 413 whatever its Content-Length claims, and writes nothing", async () => {
    const { records, send } = setup();
    // A record of 300 KB: over the 256 KiB limit of a translation and of a record write.
    const big = JSON.stringify({ ...record, productName: "x".repeat(300 * 1024) });
    for (const claimed of ["5", "abc", "-1", "0x10"]) {
      const translation = JSON.stringify({ from: "jc-star", to: "uk-psti", record: JSON.parse(big) });
      await expectProblem(await send("POST", "/v1/translations", translation, { "content-length": claimed }), 413);
      await expectProblem(await send("PUT", put, big, { "content-length": claimed, "if-none-match": "*" }), 413);
    }
    expect(await records.get("jc-star", "JC-2025-000417")).toBeUndefined();
  });
});
