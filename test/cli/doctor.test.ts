import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { StoredRecord } from "../../src/store/record-store.ts";
import { adminCall, adminToken } from "../helpers/admin-key.ts";
import { bundledCli } from "../helpers/cli-in-process.ts";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * `kakehashi doctor` (issue 21 row 1): the bundled command, run in this process, against a served app whose memory store holds corrupt
 * values (put into its map behind its back), with an admin key; and its one-line refusals.
 */

const readerToken = "test-key-reader-0123456789abcdef";
const keys = new ApiKeys([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(adminToken).digest("hex"), schemes: [] },
  { id: "r", role: "reader", sha256: createHash("sha256").update(readerToken).digest("hex"), schemes: [] },
]);

let cli: Awaited<ReturnType<typeof bundledCli>>;

/** The bundled command in this process (test/helpers/cli-in-process.ts), with no server or key from the machine. */
async function kakehashi(...args: string[]) {
  return cli.run(args, { KAKEHASHI_URL: "", KAKEHASHI_KEY: "" });
}

describe("kakehashi doctor", { timeout: 60_000 }, () => {
  const store = new MemoryRecordStore();
  let server: Awaited<ReturnType<typeof serveApp>>;
  beforeAll(async () => {
    cli = await bundledCli();
    const { app } = createTestApp({ records: store, apiKeys: keys });
    server = await serveApp(app);
    const call = adminCall(app);
    for (const id of ["D-1", "D-2", "D-3"]) {
      const record = { ...recordFixture("jc-star"), registrationNumber: id };
      expect((await call("PUT", `/v1/records/jc-star/${id}`, { record }, { "if-none-match": "*" })).status).toBe(201);
    }
    const map = (store as unknown as { records: Map<string, StoredRecord> }).records;
    for (const id of ["D-2", "D-3"]) {
      const good = map.get(`jc-star\u0000${id}`) as StoredRecord;
      map.set(`jc-star\u0000${id}`, { ...good, version: 0 });
    }
  }, 60_000);
  afterAll(async () => {
    cli?.dispose();
    await server.stop();
  });

  it("without --url: one line, exit 2 — the embedded catalog has no record store", async () => {
    const result = await kakehashi("doctor");
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      "kakehashi doctor: the embedded catalog has no record store; give --url and an admin --key " +
        "(see kakehashi doctor --help)\n",
    );
    expect((await kakehashi("doctor", "--help")).stdout).toContain("kakehashi doctor --url URL --key ADMIN_KEY");
  });

  it("a key without the admin role: the server's 403 as one line, exit 1", async () => {
    const result = await kakehashi("doctor", "--url", server.origin, "--key", readerToken);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe("kakehashi doctor: this route needs the role admin; the key has reader\n");
  });

  it("lists one line per bad key (exit 1), --json for machines, then --quarantine moves them and says where", async () => {
    const listed = await kakehashi("doctor", "--url", server.origin, "--key", adminToken);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toBe(
      "record:jc-star:D-2: jc-star/D-2: version: Too small: expected number to be >=1\n" +
        "record:jc-star:D-3: jc-star/D-3: version: Too small: expected number to be >=1\n" +
        "2 undecodable record values; kakehashi doctor --quarantine moves them to quarantine keys (kept)\n",
    );
    const json = await kakehashi("doctor", "--url", server.origin, "--key", adminToken, "--json");
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { undecodable: { registrationId: string }[]; left: unknown[] };
    expect(answer.undecodable.map((u) => u.registrationId)).toEqual(["D-2", "D-3"]);
    expect(answer.left).toHaveLength(2);

    const moved = await kakehashi("doctor", "--url", server.origin, "--key", adminToken, "--quarantine");
    expect(moved.code).toBe(0);
    const lines = moved.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^quarantined jc-star\/D-2: record:jc-star:D-2 → quarantine:\d+:jc-star:D-2 \(version: /);
    expect(lines[1]).toMatch(/^quarantined jc-star\/D-3: /);
    expect(lines[2]).toBe("2 undecodable record values: 2 quarantined, 0 left");

    const after = await kakehashi("doctor", "--url", server.origin, "--key", adminToken);
    expect(after).toMatchObject({ code: 0, stdout: "no undecodable record values\n" });
    const served = { request: (path: string, init: RequestInit) => fetch(server.origin + path, init) };
    const page = await (await adminCall(served)("GET", "/v1/records")).json();
    expect(page).toMatchObject({ warnings: [], records: [expect.objectContaining({ registrationId: "D-1" })] });
  });
});
