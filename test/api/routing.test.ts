import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { adminKeys, adminToken } from "../helpers/admin-key.ts";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: adminKeys });

describe("routing: the method is judged before anything else", () => {
  it("a method a path does not serve is 405 with Allow, before content-type or authentication checks", async () => {
    const cases: [string, string, string][] = [
      ["DELETE", "/v1/translations", "POST"],
      ["GET", "/v1/translations/batch", "POST"],
      ["PATCH", "/v1/records/jc-star/JC-1", "DELETE, GET, HEAD, PUT"],
      ["OPTIONS", "/v1/records/jc-star/JC-1", "DELETE, GET, HEAD, PUT"],
      ["OPTIONS", "/v1/records", "GET, HEAD"],
      ["OPTIONS", "/v1/schemes", "GET, HEAD"],
      ["POST", "/v1/changes", "GET, HEAD"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await app.request(path, {
        method,
        headers: { "content-type": "text/plain" },
        ...(method === "GET" || method === "OPTIONS" ? {} : { body: "x" }),
      });
      await expectProblem(response, 405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
    }
  });

  it("a path no route serves is 404, not a 405 that names a method", async () => {
    for (const path of ["/v1/records/", "/v1/records/jc-star", "/v1/records/jc-star/"]) {
      const problem = await expectProblem(
        await app.request(path, { method: "PUT", headers: { authorization: `Bearer ${adminToken}` } }),
        404,
      );
      expect(problem.detail).not.toContain("use PUT");
    }
  });
});

describe("routing: query parameters", () => {
  it("an unknown query parameter is 400 on every route, catalog and records alike", async () => {
    const paths = [
      "/v1/schemes?x=1",
      "/v1/schemes/jc-star?x=1",
      "/v1/crosswalks?from=jc-star&to=uk-psti&x=1",
      "/v1/equivalence/matrix?x=1",
      "/healthz?x=1",
      "/v1/records?x=1",
      "/v1/records/jc-star/JC-1?x=1",
      "/v1/changes?x=1",
    ];
    for (const path of paths) {
      const problem = await expectProblem(
        await app.request(path, { headers: { authorization: `Bearer ${adminToken}` } }),
        400,
      );
      expect(problem.errors?.[0], path).toEqual({ pointer: "/query/x", detail: 'unknown parameter "x"' });
    }
  });

  it("a parameter with no value says it is empty", async () => {
    for (const path of ["/v1/records?limit=", "/v1/changes?limit="]) {
      const problem = await expectProblem(
        await app.request(path, { headers: { authorization: `Bearer ${adminToken}` } }),
        400,
      );
      expect(problem.errors?.[0]?.pointer).toBe("/query/limit");
      expect(problem.errors?.[0]?.detail).toMatch(/no value/);
    }
  });
});

describe("routing over HTTP: dot segments are not resolved onto another route", () => {
  let base = "";
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const records = new MemoryRecordStore();
    const { app: served } = createTestApp({ records, apiKeys: adminKeys });
    await served.request("/v1/records/jc-star/JC-2025-000417", {
      method: "PUT",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", "if-none-match": "*" },
      body: JSON.stringify({ record: recordFixture("jc-star") }),
    });
    ({ origin: base, stop } = await serveApp(served));
  });
  afterAll(() => stop());

  it("answers 400 for . and .. segments, raw or percent-encoded, instead of serving the route they resolve to", async () => {
    const { request } = await import("node:http");
    const get = (path: string) =>
      new Promise<{ status: number; type: string }>((resolve, reject) => {
        // Options, not a URL string: a URL would be resolved by the client before it is sent.
        const { hostname, port } = new URL(base);
        const req = request({ hostname, port, path, headers: { authorization: `Bearer ${adminToken}` } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]) }));
        });
        req.on("error", reject);
        req.end();
      });
    expect((await get("/v1/records/jc-star/JC-2025-000417")).status).toBe(200);
    for (const path of [
      "/v1/records/jc-star/JC-2025-000417/recognition/..",
      "/v1/records/jc-star/JC-2025-000417/x/%2e%2e",
      "/v1/records/jc-star/..",
      "/v1/records/./jc-star/JC-2025-000417",
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.type).toContain("application/problem+json");
    }
  });
});
