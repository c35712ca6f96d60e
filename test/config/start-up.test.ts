import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { ConfigError } from "../../src/env.ts";
import { loadConfiguration } from "../../src/start-config.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { expectProblem } from "../api/api-suite.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { createTestApp } from "../helpers/test-app.ts";

const run = promisify(execFile);
const schemes = ["jc-star", "sg-cls", "uk-psti"];
const hex = createHash("sha256").update("a-token-of-enough-length").digest("hex");

function problems(variables: Record<string, string>): string[] {
  try {
    loadConfiguration(variables, schemes);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration is checked at start, one line per problem", () => {
  it("accepts a sha256 pasted from sha256sum output (<hex>  -), or in capitals", () => {
    for (const pasted of [`${hex}  -`, `  ${hex.toUpperCase()}\n`, `${hex} -`]) {
      const keys = JSON.stringify([{ id: "p", role: "partner", sha256: pasted, schemes: ["jc-star"] }]);
      expect(loadConfiguration({ API_KEYS: keys }, schemes).keys[0]?.sha256).toBe(hex);
    }
  });

  it("names every bad entry and field, a grant of an unknown scheme included", () => {
    const keys = JSON.stringify([
      { id: "a", role: "partner", sha256: "abc", schemes: ["jc-star"] },
      { id: "b", role: "boss", sha256: hex, schemes: [] },
    ]);
    const found = problems({ API_KEYS: keys, PORT: "99999" });
    expect(found).toHaveLength(3);
    expect(found.some((p) => p.startsWith("PORT:"))).toBe(true);
    expect(found.some((p) => p.startsWith("API_KEYS[0].sha256:"))).toBe(true);
    expect(found.some((p) => p.startsWith("API_KEYS[1].role:"))).toBe(true);
    const grant = problems({
      API_KEYS: JSON.stringify([{ id: "a", role: "partner", sha256: hex, schemes: ["jcstar"] }]),
    });
    expect(grant).toEqual([expect.stringMatching(/^API_KEYS\[0\]\.schemes: "jcstar" is not a scheme in the catalog/)]);
  });

  it("reports an unreadable key file and bad JSON by name", () => {
    expect(problems({ API_KEYS_FILE: "/nonexistent/keys.json" })).toEqual([
      expect.stringMatching(/^API_KEYS_FILE: cannot read \/nonexistent\/keys.json/),
    ]);
    expect(problems({ API_KEYS: "[{" })).toEqual([expect.stringMatching(/^API_KEYS: not JSON/)]);
  });

  it("WORKERS: a number or auto; more than one process needs Redis", () => {
    expect(problems({ WORKERS: "0" })).toEqual([expect.stringMatching(/^WORKERS: /)]);
    expect(problems({ WORKERS: "2" })).toEqual([expect.stringMatching(/^WORKERS: 2 processes need REDIS_URL/)]);
    expect(problems({ WORKERS: "2", REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([]);
    expect(problems({ WORKERS: "auto", REDIS_CLUSTER_NODES: "127.0.0.1:7000,127.0.0.1:7001" })).toEqual([]);
    expect(problems({ REDIS_CLUSTER_NODES: "127.0.0.1" })).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES: /)]);
    expect(problems({ REDIS_WAIT_REPLICAS: "1" })).toEqual([expect.stringMatching(/^REDIS_WAIT_REPLICAS: needs/)]);
    expect(problems({ REDIS_URL: "redis+cluster://127.0.0.1:7000" })).toEqual([]);
  });

  it("the entry exits 1 with one clear line per problem and no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kakehashi-config-"));
    const file = join(dir, "keys.json");
    writeFileSync(file, JSON.stringify([{ id: "f", role: "partner", sha256: hex, schemes: ["jcstar"] }]));
    const failure = await run(process.execPath, ["--import", "tsx", "src/node.ts"], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH ?? "",
        PORT: "0",
        API_KEYS: JSON.stringify([
          { id: "a", role: "partner", sha256: `${hex.slice(0, 60)}  -`, schemes: ["jc-star"] },
        ]),
        API_KEYS_FILE: file,
      },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = (failure?.stderr ?? "").trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^kakehashi: configuration: API_KEYS\[0\]\.sha256: must be the 64-character/),
      expect.stringMatching(/^kakehashi: configuration: API_KEYS_FILE\[0\]\.schemes: "jcstar" is not a scheme/),
    ]);
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe("short tokens", () => {
  it("a token under 16 characters gets a 401 that says it is too short", async () => {
    const keys = new ApiKeys([{ id: "r", role: "reader", sha256: hex, schemes: [] }]);
    const { app } = createTestApp({ records: new MemoryRecordStore(), apiKeys: keys });
    const problem = await expectProblem(
      await app.request("/v1/records", { headers: { authorization: "Bearer short-token" } }),
      401,
    );
    expect(problem.detail).toMatch(/11 characters; keys are 16/);
  });
});

describe("npm run keys", () => {
  it("prints a fresh token once and the configuration entry that accepts it", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/keys.ts", "new", "--role", "partner", "--scheme", "jc-star", "--id", "lab-1"],
      { cwd: projectRoot },
    );
    const token = /^\s+(kk_\S+)$/m.exec(stdout)?.[1] ?? "";
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(stdout.split(token)).toHaveLength(2); // shown once
    const entry = JSON.parse(/^\s+(\{.*\})$/m.exec(stdout)?.[1] ?? "{}");
    expect(entry).toEqual({
      id: "lab-1",
      role: "partner",
      sha256: createHash("sha256").update(token).digest("hex"),
      schemes: ["jc-star"],
    });
    // The entry is a configuration the server starts with.
    expect(loadConfiguration({ API_KEYS: JSON.stringify([entry]) }, schemes).keys).toHaveLength(1);
  }, 60_000);

  it("refuses a scheme the catalog does not hold", async () => {
    const failure = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/keys.ts", "new", "--role", "partner", "--scheme", "jcstar"],
      { cwd: projectRoot },
    ).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('"jcstar" is not a scheme in the catalog');
  }, 60_000);
});
