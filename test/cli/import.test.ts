import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../bench/server.ts";
import { importMain } from "../../src/cli/import.ts";
import { projectRoot } from "../helpers/catalog-files.ts";

const run = promisify(execFile);
const key = "import-test-admin-key-0000000000";
const keys = JSON.stringify([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(key).digest("hex"), schemes: [] },
]);
const fixture = (name: string) => join(projectRoot, "test/fixtures/import", name);

/**
 * Runs the real command as a user would, in its own process: what it prints and how it exits. Once in this file: the
 * program around importMain (console lines, process.exitCode); the other cases run importMain in this process.
 */
async function importCli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/import.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, KAKEHASHI_URL: "", KAKEHASHI_KEY: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The command in this process: what src/cli/import.ts's program passes importMain, with console.log/error's lines. */
async function importInProcess(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await importMain(
    args,
    { ...process.env, KAKEHASHI_URL: "", KAKEHASHI_KEY: "", ...env },
    {
      out: (line) => {
        stdout += `${line}\n`;
      },
      err: (line) => {
        stderr += `${line}\n`;
      },
    },
  );
  return { code, stdout, stderr };
}

const lines = (text: string) => text.split("\n").filter((l) => l.trim());
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);

describe("npm run import", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const changes = async () =>
    (
      (await (await fetch(`${server.base}/v1/changes`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
        changes: { registrationId: string }[];
      }
    ).changes.map((c) => c.registrationId);

  beforeAll(async () => {
    server = await startServer({ env: { API_KEYS: keys, LOG_LEVEL: "warn" } });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it("lands the good rows, names the bad rows by line, and reports a re-run accurately", async () => {
    // The server and key from the environment, as the README documents.
    const env = { KAKEHASHI_URL: server.base, KAKEHASHI_KEY: key };
    const first = await importCli(["--scheme", "jc-star", fixture("jc-star.csv")], env);
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
    // The unchanged file again: the server replays its first answer, which created nothing now.
    const second = await importInProcess(["--scheme", "jc-star", fixture("jc-star.csv")], env);
    expect(second.stdout).toContain("0 imported, 2 already present, 2 rejected");
    expect((await changes()).sort()).toEqual(["JC-IMP-0001", "JC-IMP-0002"]);
  }, 60_000);

  it("imports a CLS row under its registration id as issued, slashes and all", async () => {
    const env = { KAKEHASHI_URL: server.base, KAKEHASHI_KEY: key };
    const result = await importInProcess(["--scheme", "sg-cls", fixture("sg-cls.csv")], env);
    expect(result.stdout).toContain("1 imported, 0 already present, 0 rejected");
    expect(result.code).toBe(0);
    const read = await fetch(`${server.base}/v1/records/sg-cls/${encodeURIComponent("CSA/310327/IMP-100-0001")}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { registrationId: string }).registrationId).toBe("CSA/310327/IMP-100-0001");
  }, 60_000);

  it("a CSV header that does not fit the scheme is reported once, and nothing is sent", async () => {
    const before = await changes();
    const result = await importInProcess([
      "--scheme",
      "jc-star",
      "--url",
      server.base,
      "--key",
      key,
      fixture("jc-star-wrong-header.csv"),
    ]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^import: the CSV header does not match jc-star's record format: unknown column\(s\) registration, vendor; no registrationNumber column/,
      ),
    ]);
    expect(await changes()).toEqual(before);
  }, 30_000);

  it("--help prints the usage, the environment variables and the exit statuses", async () => {
    const result = await importInProcess(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run import/);
    expect(result.stdout).toContain("KAKEHASHI_URL");
    expect(result.stdout).toContain("KAKEHASHI_KEY");
    expect(result.stderr).toBe("");
  }, 30_000);

  it("bad arguments and a missing file end with one line and status 2", async () => {
    const missing = await importInProcess(["--scheme", "jc-star", "--url", server.base, "nowhere.csv"]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual(["import: cannot read nowhere.csv: no such file"]);
    const noScheme = await importInProcess([fixture("jc-star.csv")]);
    expect(noScheme.code).toBe(2);
    expect(lines(noScheme.stderr)).toEqual(["import: missing --scheme (see --help)"]);
    const unknown = await importInProcess(["--sceme", "jc-star"]);
    expect(unknown.code).toBe(2);
    expect(lines(unknown.stderr)).toHaveLength(1);
    noStack(unknown.stderr);
  }, 30_000);

  it("an unreachable server ends with one line naming it and status 3", async () => {
    const port = await closedPort();
    const result = await importInProcess([
      "--scheme",
      "jc-star",
      "--url",
      `http://127.0.0.1:${port}`,
      fixture("jc-star.csv"),
    ]);
    expect(result.code).toBe(3);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^import: cannot reach the server \(connection refused\)/),
    ]);
    noStack(result.stderr);
  }, 30_000);
});

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
