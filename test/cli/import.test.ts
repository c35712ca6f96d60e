import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../bench/server.ts";
import { projectRoot } from "../helpers/catalog-files.ts";

const run = promisify(execFile);
const key = "import-test-admin-key-0000000000";
const keys = JSON.stringify([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(key).digest("hex"), schemes: [] },
]);

async function importFile(base: string, file: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/import.ts", "--scheme", "jc-star", "--url", base, "--key", key, file],
      { cwd: projectRoot },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run import", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ env: { API_KEYS: keys, LOG_LEVEL: "warn" } });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it("lands the good rows, names the bad rows by line, and re-runs idempotently", async () => {
    const file = join(projectRoot, "test/fixtures/import/jc-star.csv");
    const first = await importFile(server.base, file);
    expect(first.stdout).toContain("2 imported, 0 already present, 2 rejected");
    expect(first.stderr).toMatch(/line 4: 422 .*level/);
    expect(first.stderr).toMatch(/line 5: 422 .*issueDate/);
    expect(first.code).toBe(1);
    const read = await fetch(`${server.base}/v1/records/jc-star/JC-IMP-0002`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const record = (await read.json()) as {
      canonical: { holder: { name: string }; product: { name: string; models: string[] } };
    };
    expect(record.canonical.holder.name).toBe("Momiji Devices, Inc.");
    expect(record.canonical.product.name).toBe('Momiji Camera "Pro"');
    const second = await importFile(server.base, file);
    expect(second.stdout).toContain("2 imported, 0 already present, 2 rejected"); // the replayed first answer
    const feed = (await (
      await fetch(`${server.base}/v1/changes`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as {
      changes: { registrationId: string }[];
    };
    expect(feed.changes.map((c) => c.registrationId).sort()).toEqual(["JC-IMP-0001", "JC-IMP-0002"]);
  }, 60_000);
});
