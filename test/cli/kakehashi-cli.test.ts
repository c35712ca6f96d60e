import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerHandle } from "../../src/node-server.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { bundledCli } from "../helpers/cli-in-process.ts";
import { copyThreeSchemeCatalog } from "../helpers/three-scheme-catalog.ts";

/**
 * The `kakehashi` command. Most command lines run the bundled command in this process (test/helpers/cli-in-process.ts:
 * a call costs a function call, not a Node start-up with the app and the catalog loaded again); the cases marked
 * `spawned` run the built bin (bin/kakehashi.js → generated/kakehashi.js) as a subprocess, to prove the installed
 * command answers, writes and exits as the in-process one does (and `import` runs its own program).
 */
const run = promisify(execFile);
const bin = join(projectRoot, "bin/kakehashi.js");

let cli: Awaited<ReturnType<typeof bundledCli>>;
beforeAll(async () => {
  cli = await bundledCli({ withServer: true });
}, 60_000);
afterAll(() => cli?.dispose());

/** The bundled command, in this process; stdout is not a terminal (80 columns unless COLUMNS says otherwise). */
async function kakehashi(...args: string[]) {
  return kakehashiWith({}, ...args);
}

/** The same with environment variables set (COLUMNS, say). */
async function kakehashiWith(env: Record<string, string>, ...args: string[]) {
  return cli.run(args, env);
}

/** The built bin as a subprocess (npm run build bundles it). */
async function spawned(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: projectRoot,
      env: { ...process.env, COLUMNS: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the kakehashi command", { timeout: 60_000 }, () => {
  it("equivalence: human text and --json from the embedded catalog (spawned: the built bin answers)", async () => {
    const human = await spawned("equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-03-01");
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("JC-STAR ★1 → UK PSTI product security regime, on 2026-03-01: Recognised");
    expect(human.stdout).toContain("SI 2025/1267: deemed compliance → Compliant with the PSTI security requirements");
    // --json in process: the spawned run above proved the bin answers; this one reads the command's JSON.
    const json = await kakehashi("equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2025-06-01", "--json");
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.stdout) as { verdict: string; asOf: string };
    expect(answer.asOf).toBe("2025-06-01");
    expect(answer.verdict).not.toBe("recognized"); // the regulation applies from 2025-12-04
  });

  it("matrix: a table and --json; --from other than the home scheme is refused", async () => {
    const human = await kakehashi("matrix", "--as-of", "2026-06-01", "--wide");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/★1\s+.*Recognised \(Compliant with the PSTI security requirements\)/);
    const json = JSON.parse((await kakehashi("matrix", "--as-of", "2026-06-01", "--json")).stdout) as { from: string };
    expect(json.from).toBe("jc-star");
    const wrong = await kakehashi("matrix", "--from", "sg-cls");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("matrix fits the terminal: 80 columns when not a terminal, COLUMNS when set, --wide for the full table", async () => {
    const widest = (text: string) => Math.max(...text.split("\n").map((line) => [...line].length));
    const wide = await kakehashi("matrix", "--as-of", "2026-06-01", "--wide");
    expect(widest(wide.stdout)).toBeGreaterThan(120);
    const plain = await kakehashi("matrix", "--as-of", "2026-06-01");
    expect(plain.code).toBe(0);
    expect(widest(plain.stdout)).toBeLessThanOrEqual(80);
    expect(plain.stdout).toMatch(/^UK PSTI product security regime\s+REC \(Compliant/m);
    expect(plain.stdout).toContain("REC = Recognised");
    const narrow = await kakehashiWith({ COLUMNS: "44" }, "matrix", "--as-of", "2026-06-01");
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(44);
    for (const level of ["★1", "★2", "★3", "★4"]) expect(narrow.stdout).toContain(level);
    const roomy = await kakehashiWith({ COLUMNS: "2000" }, "matrix", "--as-of", "2026-06-01");
    expect(roomy.stdout).toBe(wide.stdout); // the full table when it fits
  });

  it("translate: a record file to another scheme's format", async () => {
    const file = join(projectRoot, "test/fixtures/records/jc-star.json");
    const human = await kakehashi("translate", "--from", "jc-star", "--to", "uk-psti", file, "--as-of", "2026-03-01");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^JC-STAR → UK PSTI product security regime, on 2026-03-01: (provisional|recognised)/);
    // What is left empty says why, in words (it once printed "[object Object]").
    expect(human.stdout).not.toContain("[object Object]");
    expect(human.stdout).toMatch(
      /^Left empty — dateOfIssue \(stood-for-by-rule\): dateOfIssue is left empty and not needed while the jc-star label is valid/m,
    );
    const japanese = await kakehashi(
      "translate",
      "--from",
      "jc-star",
      "--to",
      "uk-psti",
      file,
      "--as-of",
      "2026-03-01",
      "--lang",
      "ja",
    );
    expect(japanese.stdout).toMatch(/^空欄 — dateOfIssue\(stood-for-by-rule\): dateOfIssue は空欄ですが、/m);
    expect((await kakehashi("translate", "--from", "jc-star", "--to", "uk-psti", file, "--lang", "fr")).code).toBe(2);
    // A target that holds one model per record: every model's record is shown, not only the first.
    const split = await kakehashi("translate", "--from", "jc-star", "--to", "sg-cls", file, "--as-of", "2026-03-01");
    const fixture = JSON.parse(readFileSync(file, "utf8")) as { modelNumbers?: string[] };
    for (const model of fixture.modelNumbers ?? []) expect(split.stdout).toContain(`Record for model ${model}:`);
    expect(fixture.modelNumbers?.length ?? 0).toBeGreaterThan(1);
    const json = JSON.parse(
      (await kakehashi("translate", "--from", "jc-star", "--to", "uk-psti", file, "--json")).stdout,
    );
    expect(json.to).toBe("uk-psti");
    const missing = await kakehashi("translate", "--from", "jc-star", "--to", "uk-psti", "no-such-file.json");
    expect(missing.code).toBe(1);
  });

  it("export: OSCAL and CSV exactly as the API serves them", async () => {
    const mapping = await kakehashi("export", "oscal-mapping", "--from", "jc-star", "--to", "uk-psti");
    expect(mapping.code).toBe(0);
    expect(JSON.parse(mapping.stdout)["mapping-collection"].metadata["oscal-version"]).toBe("1.2.2");
    const catalog = await kakehashi("export", "oscal-catalog", "sg-cls");
    expect(JSON.parse(catalog.stdout).catalog.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const csv = await kakehashi("export", "csv", "crosswalks", "--from", "jc-star", "--to", "uk-psti");
    // A byte-order mark first, so a spreadsheet reads the UTF-8 as UTF-8; --no-bom for programs.
    expect(csv.stdout.split("\r\n")[0]).toMatch(/^\uFEFFcrosswalk,from_scheme/);
    const bare = await kakehashi("export", "csv", "crosswalks", "--from", "jc-star", "--to", "uk-psti", "--no-bom");
    expect(bare.stdout).toBe(csv.stdout.slice(1));
    const requirements = await kakehashi("export", "csv", "requirements", "jc-star", "--bom");
    expect(requirements.stdout.startsWith("\uFEFFscheme,")).toBe(true);
    expect(requirements.stdout).toContain("共通でないデフォルトパスワード");
    const both = await kakehashi("export", "csv", "matrix", "--bom", "--no-bom");
    expect(both.code).toBe(2);
    const bad = await kakehashi("export", "csv", "nonsense");
    expect(bad.code).toBe(2);
  });

  it("validate: the catalog build's checks, file:line messages and exit 1 on bad data", async () => {
    const ok = await kakehashi("validate");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^catalog valid: \d+ files/);
    const json = JSON.parse((await kakehashi("validate", "--json")).stdout) as { valid: boolean };
    expect(json.valid).toBe(true);
    const none = await kakehashi("validate", "--root", join(projectRoot, "test/fixtures"));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no data files");
  });

  it("validate: a broken data file is named by file, line and field (spawned and in process)", async () => {
    const root = mkdtempSync(join(tmpdir(), "kakehashi-validate-"));
    try {
      // Three schemes' files, not the whole catalog (test/helpers/three-scheme-catalog.ts): valid without the fixture,
      // so the one problem below is the fixture's. The fixture beside the full catalog: test/data/invalid-fixtures.
      copyThreeSchemeCatalog(root);
      expect(await kakehashi("validate", "--root", root)).toMatchObject({ code: 0, stderr: "" });
      const fixture = readFileSync(join(projectRoot, "test/fixtures/invalid/scheme-unknown-field.yaml"), "utf8");
      writeFileSync(join(root, "schemes/fixture-scheme-unknown-field.yaml"), fixture);
      // Spawned: the bin's process exits 1 when the command finishes with problems.
      const result = await spawned("validate", "--root", root);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /^schemes\/fixture-scheme-unknown-field\.yaml:\d+ levels\[0\]: Unrecognized key: "ordnial"$/m,
      );
      expect(result.stdout).toMatch(/1 problem\(s\) in \d+ files/);
      // In process: the same answer, and the exit code is this run's, not the process's (it once set
      // process.exitCode, and every later command line in the process then "exited" 1).
      // (Compared with the value before the run: the files sharing this worker may have set it themselves.)
      const exitCodeBefore = process.exitCode;
      expect(await kakehashi("validate", "--root", root)).toEqual(result);
      expect(process.exitCode).toBe(exitCodeBefore);
      expect((await kakehashi("validate")).code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("--help on every command, one-line errors, exit codes", async () => {
    const commands = ["equivalence", "matrix", "translate", "export", "validate", "import", "diff", "doctor"];
    const helps = await Promise.all(commands.map((command) => kakehashi(command, "--help")));
    helps.forEach((help, i) => {
      expect({ command: commands[i], code: help.code }).toEqual({ command: commands[i], code: 0 });
      expect(help.stdout).toContain(`kakehashi ${commands[i]}`);
    });
    const unknown = await kakehashi("equivalence", "jc-star:STAR-9", "uk-psti");
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe(
      "kakehashi equivalence: unknown level STAR-9 of JC-STAR; levels: STAR-1, STAR-2, STAR-3, STAR-4\n",
    );
    expect((await kakehashi("equivalence", "--bogus")).code).toBe(2);
    expect((await kakehashi("frobnicate")).code).toBe(2);
    expect((await kakehashi()).code).toBe(2);
    const unreachable = await kakehashi("matrix", "--url", "http://127.0.0.1:9");
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^kakehashi matrix: cannot reach the server at http:\/\/127\.0\.0\.1:9 /);
  });

  it("each error is one line that says what is wrong and what to give instead", async () => {
    const record = join(projectRoot, "test/fixtures/records/jc-star.json");
    const cases: [string[], number, RegExp][] = [
      [["equivalence", "jc-star:STAR-1", "uk-psti:nope"], 1, /^unknown level nope of UK PSTI .*; levels: compliant$/],
      [["equivalence", "xx:1", "uk-psti"], 1, /^unknown scheme xx; schemes: .*jc-star/],
      [["equivalence", "jc-star", "uk-psti"], 1, /^jc-star: give a level as scheme:level; levels of JC-STAR: STAR-1/],
      [["equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-02-30"], 1, /^--as-of 2026-02-30 is not a date/],
      [["matrix", "--category", "nope"], 1, /^product category "nope" is not in the vocabulary/],
      [
        ["translate", "--from", "jc-star", "--to", "uk-psti", "no-such-file.json"],
        1,
        /^cannot read no-such-file\.json: no such file; give the path of a JSON record$/,
      ],
      [["translate", "--from", "jc-star", "--to", "uk-psti", "README.md"], 1, /^README\.md is not JSON/],
      [
        ["translate", "--from", "uk-psti", "--to", "jc-star", record],
        1,
        /^\S+jc-star\.json as a uk-psti record: missing productIdentifier, manufacturerName, .*; unknown fields registrationNumber, /,
      ],
      [["export", "oscal-catalog", "nope"], 1, /^scheme "nope" is not in the catalog/],
      [["export", "csv", "nonsense"], 2, /^no export csv nonsense; exports: csv crosswalks, csv matrix/],
      [["equivalence", "--bogus"], 2, /^unknown option --bogus \(see kakehashi equivalence --help\)$/],
      [["matrix", "--as-of"], 2, /^--as-of needs a value/],
    ];
    const results = await Promise.all(cases.map(([args]) => kakehashi(...args)));
    results.forEach((result, i) => {
      const [args, code, pattern] = cases[i] ?? [[], 0, /$^/];
      const lines = result.stderr.trimEnd().split("\n");
      expect({ args, code: result.code, lines: lines.length }).toEqual({ args, code, lines: 1 });
      const message = (lines[0] ?? "").replace(/^kakehashi \w+: /, "");
      expect({ args, message }).toEqual({ args, message: expect.stringMatching(pattern) });
      // No raw error codes, no HTTP status, no JSON pointer, no schema message repeated.
      expect(message).not.toMatch(/ENOENT|EISDIR|^\d{3} |\/query\/|\/body\/|expected string, received undefined/);
    });
    const frobnicate = await kakehashi("frobnicate");
    expect(frobnicate.stderr).toBe(
      "kakehashi: unknown command frobnicate; commands: equivalence, matrix, translate, export, validate, import, diff, doctor\n",
    );
  });

  it("diff: an unknown base ref is one clear line", async () => {
    const result = await kakehashi("diff", "--base", "no-such-ref-anywhere");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not in this checkout");
  });
});

const adminKey = "cli-test-admin-key-000000000000000";
const keys = [
  { id: "ops", role: "admin" as const, sha256: createHash("sha256").update(adminKey).digest("hex"), schemes: [] },
];
/** The server's log lines, dropped: the test reads the command's output, not the server's. */
const noLog = new Writable({ write: (_chunk, _encoding, done) => done() });

describe("kakehashi --url: the same answers from a running server", { timeout: 60_000 }, () => {
  // The origin as src/node.ts starts it (src/node-server.ts), in this process, from the command's bundle
  // (test/helpers/cli-in-process.ts): what is tested is the command's remote path, not the server's process
  // (test/api/graceful-shutdown.test.ts and others spawn that).
  let server: { base: string; handle: ServerHandle };
  beforeAll(async () => {
    const { parseNodeEnv, startServer } = cli.server ?? {};
    if (!parseNodeEnv || !startServer) throw new Error("the bundle was built without the server");
    const env = parseNodeEnv({ HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn" });
    const handle = await startServer({ env, keys, destination: noLog });
    server = { base: `http://127.0.0.1:${handle.address.port}`, handle };
  }, 30_000);
  afterAll(async () => {
    await server?.handle.close();
  });

  it("equivalence and an export answer as the embedded catalog does", async () => {
    const args = ["equivalence", "jc-star:STAR-1", "sg-cls", "--as-of", "2026-06-01", "--json"];
    const remote = await kakehashi(...args, "--url", server.base, "--key", "unused");
    const local = await kakehashi(...args);
    expect(remote.code).toBe(0);
    expect(JSON.parse(remote.stdout)).toEqual(JSON.parse(local.stdout));
    const csv = await kakehashi("export", "csv", "requirements", "uk-psti", "--url", server.base);
    expect(csv.stdout).toBe((await kakehashi("export", "csv", "requirements", "uk-psti")).stdout);
    const missing = await kakehashi("export", "oscal-catalog", "nope", "--url", server.base);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kakehashi export: scheme "nope" is not in the catalog/);
  });

  it("translate, a problem line and an OSCAL export: the typed client's remote answers are the embedded ones", async () => {
    const file = join(projectRoot, "test/fixtures/records/jc-star.json");
    const translate = ["translate", "--from", "jc-star", "--to", "uk-psti", file, "--as-of", "2026-03-01", "--json"];
    const remote = await kakehashi(...translate, "--url", server.base);
    expect(remote.code).toBe(0);
    expect(JSON.parse(remote.stdout)).toEqual(JSON.parse((await kakehashi(...translate)).stdout));
    const bad = ["equivalence", "jc-star:STAR-9", "uk-psti"];
    const remoteProblem = await kakehashi(...bad, "--url", server.base);
    expect(remoteProblem).toMatchObject({ code: 1, stdout: "" });
    expect(remoteProblem.stderr).toBe((await kakehashi(...bad)).stderr);
    expect(remoteProblem.stderr).toContain("levels: STAR-1, "); // checked against the server's scheme list
    const oscal = ["export", "oscal-mapping", "--from", "jc-star", "--to", "uk-psti"];
    const remoteOscal = await kakehashi(...oscal, "--url", server.base);
    expect(remoteOscal.code).toBe(0);
    expect(remoteOscal.stdout).toBe((await kakehashi(...oscal)).stdout); // byte for byte: read as text, never re-serialized
  });

  it("import: the importer's run, its line-numbered rejections and exit code", async () => {
    const file = join(projectRoot, "test/fixtures/import/jc-star.csv");
    // Spawned: the bin starts the importer as its own program, which writes to the process's own stdout and stderr.
    const result = await spawned("import", "--scheme", "jc-star", file, "--url", server.base, "--key", adminKey);
    expect(result.stdout).toContain("2 imported, 0 already present, 2 rejected");
    expect(result.stderr).toMatch(/line 4: 422 .*level/);
    expect(result.code).toBe(1);
  });
});

describe("npx kakehashi inside the repository", () => {
  it("runs the command npm linked into node_modules/.bin from the local kakehashi-cli package", async () => {
    const { stdout } = await run("npx", ["kakehashi", "--help"], { cwd: projectRoot, timeout: 60_000 });
    expect(stdout).toContain("kakehashi equivalence");
    // The project's own package.json declares no bin: npm 11 would run it through its npx cache, reading the whole
    // dependency tree twice on every call (docs/cli.md). The command comes from bin/package.json instead.
    const project = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    expect(project.bin).toBeUndefined();
    expect(project.dependencies["kakehashi-cli"]).toBe("file:bin");
    const cli = JSON.parse(readFileSync(join(projectRoot, "bin", "package.json"), "utf8"));
    expect(cli.bin).toEqual({ kakehashi: "kakehashi.js" });
    expect(realpathSync(join(projectRoot, "node_modules", ".bin", "kakehashi"))).toBe(
      realpathSync(join(projectRoot, "bin", "kakehashi.js")),
    );
  }, 90_000);
});

// The diffs read three schemes' files (test/helpers/three-scheme-catalog.ts): what is tested is the command (git refs,
// the working tree, its reports); which answers a change changes in the full catalog is test/review/answer-diff's.
describe("kakehashi diff against a git ref", { timeout: 60_000 }, () => {
  it("reads the base from git, the change from the working tree; a single-commit history has no HEAD~1", async () => {
    const root = mkdtempSync(join(tmpdir(), "kakehashi-diff-"));
    const git = (...args: string[]) =>
      run("git", ["-c", "user.email=t@example.org", "-c", "user.name=t", ...args], { cwd: root });
    try {
      copyThreeSchemeCatalog(root);
      await git("init", "-q");
      await git("add", "-A");
      await git("commit", "-qm", "data");
      const none = await kakehashi("diff", "--base", "HEAD~1", "--root", root);
      expect(none.code).toBe(1);
      expect(none.stderr).toBe(
        "kakehashi diff: base HEAD~1 is not in this checkout (a shallow or single-commit clone?); nothing to compare\n",
      );
      const same = await kakehashi("diff", "--base", "HEAD", "--root", root);
      expect(same.code).toBe(0);
      expect(same.stdout).toContain("**No answer changes.**");
      const file = join(root, "mappings/arrangements/uk-si-2025-1267.yaml");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(/^effectiveFrom: 2025-12-04$/m, "effectiveFrom: 2026-01-15"),
      );
      const changed = await kakehashi("diff", "--base", "HEAD", "--root", root, "--json");
      expect(changed.code).toBe(0);
      const report = JSON.parse(changed.stdout) as {
        baseRef: string;
        changed: { from: string; to: string; asOf: string }[];
      };
      expect(report.baseRef).toBe("HEAD");
      expect(report.changed.length).toBeGreaterThan(0);
      expect(report.changed.every((c) => c.to.startsWith("uk-psti") && c.asOf < "2026-01-15")).toBe(true);
      const markdown = await kakehashi("diff", "--base", "HEAD", "--root", root);
      expect(markdown.stdout).toContain("- **jc-star:STAR-1 → uk-psti**");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
