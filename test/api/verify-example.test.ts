import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { tamper } from "./credential-suite.ts";

const run = promisify(execFile);

/** The README's verification example (docs/examples/verify-credential.mjs), run as a receiving registry would. */
describe("docs/examples/verify-credential.mjs against a running server", () => {
  const { app } = createTestApp();
  let base = "";
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ origin: base, stop } = await serveApp(app));
  });
  afterAll(() => stop());

  async function verify(token: string) {
    const file = join(mkdtempSync(join(tmpdir(), "kakehashi-vc-")), "credential.jwt");
    writeFileSync(file, token);
    const did = `did:web:127.0.0.1%3A${new URL(base).port}`;
    return run(process.execPath, ["docs/examples/verify-credential.mjs", file, did], {
      env: { ...process.env, KAKEHASHI_URL: base },
    }).then(
      (ok) => ({ code: 0, out: ok.stdout, err: ok.stderr }),
      (failed: { code: number; stdout: string; stderr: string }) => ({
        code: failed.code,
        out: failed.stdout,
        err: failed.stderr,
      }),
    );
  }

  it("prints the verified claims, and refuses a tampered credential", async () => {
    const response = await fetch(`${base}/v1/translations`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/vc+jwt" },
      body: JSON.stringify({ from: "jc-star", to: "uk-psti", record: recordFixture("jc-star"), asOf: "2026-01-15" }),
    });
    const token = await response.text();
    const good = await verify(token);
    expect(good.code).toBe(0);
    expect(good.out).toContain("uk-psti: recognized on 2026-01-15");
    expect(good.out).toContain("evidence urn:kakehashi:catalog:sha256:");
    expect(good.out).toMatch(/full answer: http\S+\/answer \(sha256-/);
    const bad = await verify(tamper(token, (p) => Object.assign(p, { validUntil: "2099-01-01T00:00:00Z" })));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("NOT verified");
  }, 60_000); // two node processes on a loaded machine: a generous limit, not a speed check
});
