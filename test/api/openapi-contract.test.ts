import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { describe, expect, it } from "vitest";
import openApiDocument from "../../generated/openapi.js";
import { apiTypesSource } from "../../scripts/api-types.ts";
import { servedOpenApiDocument } from "../../scripts/openapi-document.ts";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { AsOfDate } from "../../src/contracts/common.ts";
import { RegistrationId } from "../../src/contracts/registration-id.ts";
import { StoredRecordBody } from "../../src/contracts/stored-record.ts";
import { TranslationResult } from "../../src/contracts/translation.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { ContractViolation } from "../helpers/checked-fetch.ts";
import { contractViolations, type Exchange } from "../helpers/contract-check.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody } from "./api-suite.ts";

const problem = (status: number) => JSON.stringify({ type: "urn:x", title: "t", status, detail: "d" });
const exchange = (e: Partial<Exchange> & Pick<Exchange, "url" | "status">): Exchange => ({
  method: "GET",
  headers: new Headers({ "content-type": "application/problem+json" }),
  body: problem(e.status),
  ...e,
});

describe("the response checker holds answers to the document", () => {
  it("accepts a documented answer", () => {
    expect(contractViolations(exchange({ url: "/v1/schemes/nope", status: 404 }))).toEqual([]);
  });

  it("fails an undocumented status, naming the ones documented", () => {
    const found = contractViolations(exchange({ url: "/v1/schemes/jc-star", status: 409 }));
    expect(found).toEqual([expect.stringMatching(/409 is not documented for GET \/v1\/schemes\/\{schemeId\}/)]);
  });

  it("fails a body that contradicts its schema, a wrong media type, and a problem whose status disagrees", () => {
    const json = new Headers({ "content-type": "application/json" });
    const body = contractViolations(exchange({ url: "/healthz", status: 200, headers: json, body: '{"status":1}' }));
    expect(body[0]).toMatch(/body: .*status/);
    const media = contractViolations(exchange({ url: "/v1/schemes/nope", status: 404, headers: json }));
    expect(media[0]).toMatch(/content type "application\/json" is not documented/);
    const status = contractViolations(exchange({ url: "/v1/schemes/nope", status: 404, body: problem(400) }));
    expect(status[0]).toMatch(/problem says status 400/);
  });

  it("fails an undocumented method that is not 405 with the document's methods in Allow", () => {
    const teapot = contractViolations(exchange({ method: "DELETE", url: "/v1/schemes", status: 200 }));
    expect(teapot[0]).toMatch(/DELETE is not documented on \/v1\/schemes: expected 405/);
    const allow = new Headers({ "content-type": "application/problem+json", allow: "GET" });
    const wrongAllow = contractViolations(
      exchange({ method: "DELETE", url: "/v1/schemes", status: 405, headers: allow }),
    );
    expect(wrongAllow[0]).toMatch(/Allow is "GET" but the document lists GET, HEAD/);
  });

  it("fails a /v1 path the document lacks unless it is a shared error, and leaves web pages alone", () => {
    const html = new Headers({ "content-type": "text/html; charset=utf-8" });
    const route = contractViolations(exchange({ url: "/v1/no-such-route", status: 200, headers: html, body: "<p>" }));
    expect(route[0]).toMatch(/no path matching \/v1\/no-such-route/);
    expect(contractViolations(exchange({ url: "/v1/no-such-route", status: 404 }))).toEqual([]);
    expect(contractViolations(exchange({ url: "/labels/x", status: 200, headers: html, body: "<p>" }))).toEqual([]);
    expect(contractViolations(exchange({ url: "/labels/x", status: 404, body: "{}" }))[0]).toMatch(/body:/);
  });

  it("checks documented headers and bodiless answers", () => {
    const json = new Headers({ "content-type": "application/json" });
    const notModified = contractViolations(exchange({ url: "/v1/schemes", status: 304, headers: json, body: "{}" }));
    expect(notModified[0]).toMatch(/must have no body/);
    const headers = new Headers({ "content-type": "application/problem+json", "retry-after": "soon" });
    const retry = contractViolations(exchange({ url: "/v1/records", status: 429, headers }));
    expect(retry[0]).toMatch(/header Retry-After: "soon"/);
  });
});

describe("responses are checked wherever the tests receive them", () => {
  it("from a server on this machine, through the global fetch (test/setup/contract.ts)", async () => {
    const rogue = serve({ fetch: () => new Response("{}", { status: 200 }), hostname: "127.0.0.1", port: 0 });
    await new Promise((ready) => rogue.once("listening", ready));
    const port = (rogue.address() as AddressInfo).port;
    await expect(fetch(`http://127.0.0.1:${port}/v1/nowhere`)).rejects.toThrow(ContractViolation);
    await new Promise((done) => rogue.close(done));
  });
});

describe("the OpenAPI document", () => {
  type Operation = { responses: Record<string, unknown>; requestBody?: unknown; security?: unknown[] };
  const doc = openApiDocument as { paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

  it("documents the statuses every route can send on every operation", () => {
    for (const { name, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses, name).toEqual(expect.arrayContaining(["400", "406", "414", "431", "500"]));
      if (operation.requestBody) expect(statuses, name).toEqual(expect.arrayContaining(["413", "415"]));
      if (operation.security?.length) {
        expect(statuses, name).toEqual(expect.arrayContaining(["401", "403", "429", "503"]));
      }
    }
  });

  it("is the document the app serves now, and the client types are generated from it (run npm run build)", async () => {
    const served = await servedOpenApiDocument();
    expect(openApiDocument, "generated/openapi.js is stale").toEqual(served);
    const types = readFileSync(join(projectRoot, "generated/api.d.ts"), "utf8");
    expect(types === (await apiTypesSource(served)), "generated/api.d.ts is stale").toBe(true);
  });
});

describe("the document is as strict as the server (issue 21, row 21)", () => {
  type Param = { name: string; schema: { pattern?: string; minLength?: number; maxLength?: number } };
  const params = (name: string) =>
    Object.values(openApiDocument.paths as Record<string, Record<string, { parameters?: Param[] }>>)
      .flatMap((item) => Object.values(item).flatMap((op) => op.parameters ?? []))
      .filter((p) => p.name === name);
  // What a JSON Schema validator makes of the document's schema (ECMA-262 patterns, unicode mode, as ajv).
  const documentAccepts = (schema: Param["schema"], value: string) =>
    (schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value)) &&
    [...value].length >= (schema.minLength ?? 0) &&
    [...value].length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);

  it("asOf: the document states the server's 2000-01-01..2100-12-31 bounds", () => {
    const found = params("asOf");
    expect(found.length).toBeGreaterThan(3);
    for (const value of ["1999-12-31", "2000-01-01", "2026-06-01", "2100-12-31", "2101-01-01", "9999-01-01"]) {
      const server = AsOfDate.safeParse(value).success;
      for (const p of found) expect(documentAccepts(p.schema, value), `${value}: ${p.schema.pattern}`).toBe(server);
    }
  });

  it("registrationId: the document's pattern refuses what the server refuses", () => {
    const found = params("registrationId");
    expect(found.length).toBeGreaterThan(3);
    const ids = [
      ...["CSA/310327/EX-100-0001", "EX-100 (model/rev B)", "x", "é", "a.b", "a b", "日本"],
      ...[" a", ".x", "/x", "a|b", "a\u0001b", "a\u007f", "a ", "a\t", "a\u00a0", "\u3000a", ""],
    ];
    for (const id of ids) {
      const server = RegistrationId.safeParse(id).success;
      for (const p of found) expect(documentAccepts(p.schema, id), JSON.stringify(id)).toBe(server);
    }
  });
});

describe("storage and translation agree", () => {
  it("a stored record and a translation of the same record state the same assessment mode", async () => {
    const token = "contract-test-admin-key-0123456789";
    const keys = new ApiKeys([
      { id: "ops", role: "admin", sha256: createHash("sha256").update(token).digest("hex"), schemes: [] },
    ]);
    const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: keys });
    const record = recordFixture("jc-star");
    const stored = await expectBody(
      await app.request(`/v1/records/jc-star/${String(record.registrationNumber)}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "if-none-match": "*" },
        body: JSON.stringify({ record }),
      }),
      StoredRecordBody,
    );
    const translated = await expectBody(
      await app.request("/v1/translations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "jc-star", to: "uk-psti", record }),
      }),
      TranslationResult,
    );
    expect(stored.canonical.issuer.assessmentMode).toBe("self-declaration");
    expect(stored.canonical.issuer.assessmentMode).toBe(translated.canonical.issuer.assessmentMode);
  });
});
