import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { ChangeFeed, StoredRecordBody } from "../../src/contracts/stored-record.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { FEED_RETENTION_MS } from "../../src/store/record-store.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp, manualClock } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";

/**
 * The record routes take time from the app's clock (deps.clock), not from the machine: a record's timestamps are the
 * clock's instant, and the change feed's retention is judged by it. A test moves the clock instead of waiting.
 */
const token = "test-key-partner-0123456789abcdef";
const keys = new ApiKeys([
  {
    id: "ipa-partner",
    role: "partner",
    sha256: createHash("sha256").update(token).digest("hex"),
    schemes: ["jc-star"],
  },
]);
const path = "/v1/records/jc-star/JC-2025-000417";

describe("records: time from the injected clock", () => {
  it("stamps writes with the clock's instant and expires a feed cursor when the clock passes the retention", async () => {
    const clock = manualClock("2026-11-25T09:30:00.000Z");
    const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: keys, now: clock.now });
    const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.request(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    const created = await expectBody(
      await call("PUT", path, { record: recordFixture("jc-star") }, { "if-none-match": "*" }),
      StoredRecordBody,
    );
    expect(created.createdAt).toBe("2026-11-25T09:30:00.000Z");
    expect(created.updatedAt).toBe("2026-11-25T09:30:00.000Z");

    clock.advance(60_000);
    const withdrawn = await expectBody(await call("DELETE", path, undefined, { "if-match": '"v1"' }), StoredRecordBody);
    expect(withdrawn.createdAt).toBe("2026-11-25T09:30:00.000Z");
    expect(withdrawn.updatedAt).toBe("2026-11-25T09:31:00.000Z");

    const feed = await expectBody(await call("GET", "/v1/changes"), ChangeFeed);
    expect(feed.changes.map((change) => change.type)).toEqual(["created", "withdrawn"]);
    const since = feed.next as string;
    expect((await call("GET", `/v1/changes?since=${since}`)).status).toBe(200);

    // One retention later by the app's clock, the same cursor is past the feed's retention (410, resync).
    clock.advance(FEED_RETENTION_MS + 1);
    await expectProblem(await call("GET", `/v1/changes?since=${since}`), 410);
  });
});
