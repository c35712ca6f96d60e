import { createHash } from "node:crypto";
import { createKakehashiClient } from "kakehashi/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

const token = "typed-client-partner-key-0123456789";
const keys = new ApiKeys([
  { id: "ipa", role: "partner", sha256: createHash("sha256").update(token).digest("hex"), schemes: ["jc-star"] },
]);

// The package's own client (`kakehashi/client`, resolved through package.json `exports`) against a real HTTP server
// on a port the OS picks. Every answer is also checked against the OpenAPI document (test/setup/contract.ts).
describe("kakehashi/client end to end", () => {
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: keys });
    ({ origin: baseUrl, stop } = await serveApp(app));
  });
  afterAll(() => stop());

  it("reads the catalog with typed paths and answers", async () => {
    const kakehashi = createKakehashiClient({ baseUrl });
    const { data, error } = await kakehashi.GET("/v1/schemes/{schemeId}", {
      params: { path: { schemeId: "jc-star" } },
    });
    expect(error).toBeUndefined();
    expect(data?.recordFormat?.fields.map((f) => f.name)).toContain("registrationNumber");
    const missing = await kakehashi.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId: "nope" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.errors?.[0]?.pointer).toBe("/path/schemeId");
  });

  it("translates without naming the defaulted format, and writes and reads a record with its key", async () => {
    const record = recordFixture("jc-star");
    const kakehashi = createKakehashiClient({ baseUrl, apiKey: token });
    const translated = await kakehashi.POST("/v1/translations", {
      body: { from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" },
    });
    expect(translated.data?.canonical.level).toBe("STAR-1");

    const id = String(record.registrationNumber);
    const path = { scheme: "jc-star", registrationId: id };
    const created = await kakehashi.PUT("/v1/records/{scheme}/{registrationId}", {
      params: { path, header: { "if-none-match": "*" } },
      body: { record },
    });
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get("etag")).toBe('"v1"');
    const read = await kakehashi.GET("/v1/records/{scheme}/{registrationId}", { params: { path } });
    expect(read.data && "owner" in read.data ? read.data.owner : undefined).toBe("ipa");
    const anonymous = await createKakehashiClient({ baseUrl }).GET("/v1/records/{scheme}/{registrationId}", {
      params: { path },
    });
    expect(anonymous.error?.status).toBe(401);
  });
});
