import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";

const run = promisify(execFile);
const tsc = join(projectRoot, "node_modules/typescript/bin/tsc");

/** Runs a command; its exit code and output, failing or not. */
async function attempt(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, NODE_OPTIONS: "" } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** tsc's diagnostics that are not about `file`: each starts a line; its elaboration lines are indented. */
const diagnosticsOutside = (output: string, file: string) =>
  output.split("\n").filter((line) => /^\S/.test(line) && !line.startsWith(`${file}(`));

// kakehashi/client as another project gets it: the package as `npm pack` makes it (what a registry or a git
// dependency would install), unpacked into a scratch project's node_modules; its one runtime dependency, openapi-fetch,
// linked from ours (no registry). Plain `node` imports it, and `tsc` checks a consumer file against its declarations.
describe("kakehashi/client from another project", { timeout: 120_000 }, () => {
  let scratch = "";
  // One tsc run checks both consumer files (each test reads its part): a run costs seconds, mostly the libraries.
  let typeCheck: Promise<{ code: number; output: string }>;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "kakehashi-consumer-"));
    // --ignore-scripts: `prepare` would rebuild; the suite runs after `npm run build` (pretest).
    const packed = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], {
      cwd: projectRoot,
    });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const modules = join(scratch, "node_modules");
    mkdirSync(join(modules, "kakehashi"), { recursive: true });
    await run("tar", ["-xzf", join(scratch, filename), "-C", join(modules, "kakehashi"), "--strip-components=1"]);
    symlinkSync(join(projectRoot, "node_modules/openapi-fetch"), join(modules, "openapi-fetch"), "dir");
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"],
          types: [],
          strict: true,
          noEmit: true,
          // The package's declarations are checked (skipLibCheck: false); TypeScript's own lib files (lib.dom.d.ts
          // and the rest) are not: checking them cost ~a quarter of this run and says nothing of the package.
          skipLibCheck: false,
          skipDefaultLibCheck: true,
        },
      }),
    );
    // A consumer's correct calls (one test) and its deliberate mistakes, each marked @ts-expect-error (the other).
    writeFileSync(
      join(scratch, "consumer.ts"),
      `import { createKakehashiClient, type Problem } from "kakehashi/client";
const client = createKakehashiClient({ baseUrl: "http://127.0.0.1:8787" });
const { data, error } = await client.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId: "jc-star" } } });
const names: string[] | undefined = data?.recordFormat?.fields.map((field) => field.name);
const problem: Problem | undefined = error;
// @ts-expect-error: no such path
await client.GET("/v1/no-such-path");
// @ts-expect-error: the path parameter is required
await client.GET("/v1/schemes/{schemeId}", {});
export { names, problem };
`,
    );
    writeFileSync(
      join(scratch, "mistakes.ts"),
      `import { createKakehashiClient } from "kakehashi/client";
const k = createKakehashiClient({ baseUrl: "http://127.0.0.1:8787" });
const records = { scheme: "jc-star", registrationId: "R-1" };
// @ts-expect-error: asof for asOf, beside the required from and to
await k.GET("/v1/equivalence", { params: { query: { from: "jc-star:STAR-1", to: "uk-psti", asof: "2026-01-01" } } });
// @ts-expect-error: categroy for category
await k.GET("/v1/equivalence", { params: { query: { from: "jc-star:STAR-1", to: "uk-psti", categroy: "router" } } });
// @ts-expect-error: markets for market, beside the required category
await k.GET("/v1/market-access", { params: { query: { category: "router", markets: "GB" } } });
// @ts-expect-error: asof on a route whose query names are all optional
await k.GET("/v1/equivalence/matrix", { params: { query: { asof: "2026-01-01" } } });
const spelled = { from: "jc-star:STAR-1", to: "uk-psti", asof: "2026-01-01" };
// @ts-expect-error: the misspelling held in a variable
await k.GET("/v1/equivalence", { params: { query: spelled } });
// @ts-expect-error: a query name on a route without a query
await k.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId: "jc-star" }, query: { asOf: "2026-01-01" } } });
// @ts-expect-error: schemeID for schemeId
await k.GET("/v1/schemes/{schemeId}", { params: { path: { schemeID: "jc-star" } } });
// @ts-expect-error: a header name the operation does not declare
await k.PUT("/v1/records/{scheme}/{registrationId}", { params: { path: records, header: { "if-none-matc": "*" } }, body: { record: {} } });
// @ts-expect-error: a required query name missing
await k.GET("/v1/equivalence", { params: { query: { from: "jc-star:STAR-1" } } });
// @ts-expect-error: the options left out where a query name is required
await k.GET("/v1/equivalence");
// @ts-expect-error: a value of the wrong type
await k.GET("/v1/equivalence", { params: { query: { from: "jc-star:STAR-1", to: 7 } } });
// @ts-expect-error: no such path
await k.GET("/v1/equivalences", { params: { query: { from: "jc-star:STAR-1", to: "uk-psti" } } });
// @ts-expect-error: a method the path does not have
await k.DELETE("/v1/schemes");
// @ts-expect-error: a required body left out
await k.POST("/v1/translations", {});
// @ts-expect-error: an answer field that does not exist
(await k.GET("/v1/schemes")).data?.schemez;

// Correct calls, which must still compile.
const answer = await k.GET("/v1/equivalence", {
  params: { query: { from: "jc-star:STAR-1", to: "uk-psti", asOf: "2026-01-01", category: "router" } },
});
const verdict: string | undefined = answer.data?.verdict;
await k.GET("/v1/equivalence/matrix");
await k.GET("/v1/equivalence/matrix", { params: { query: { asOf: "2026-01-01" } }, cache: "no-store" });
await k.GET("/v1/market-access", { params: { query: { category: "router", market: "GB" } } });
await k.PUT("/v1/records/{scheme}/{registrationId}", { params: { path: records, header: { "if-none-match": "*" } }, body: { record: {} } });
const loose: Record<string, string> = {};
await k.GET("/v1/equivalence/matrix", { params: { query: loose } });
export { verdict };
`,
    );
    typeCheck = attempt(process.execPath, [tsc, "-p", ".", "--noEmit"], scratch);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("imports with plain node and answers through its fetch", async () => {
    const script = `
      const { createKakehashiClient } = await import("kakehashi/client");
      const client = createKakehashiClient({
        baseUrl: "http://kakehashi.invalid/",
        apiKey: "k",
        fetch: async (request) => Response.json({ url: request.url, auth: request.headers.get("authorization") }),
      });
      const { data } = await client.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId: "jc-star" } } });
      console.log(JSON.stringify(data));`;
    const result = await attempt(process.execPath, ["--input-type=module", "-e", script], scratch);
    expect(result.output).not.toContain("ERR_");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.output)).toEqual({
      url: "http://kakehashi.invalid/v1/schemes/jc-star",
      auth: "Bearer k",
    });
  });

  it("type-checks a consumer with tsc: typed paths and answers, not any", async () => {
    const result = await typeCheck;
    expect(diagnosticsOutside(result.output, "mistakes.ts")).toEqual([]);
  });

  // Every `@ts-expect-error` line must be an error (tsc reports one that is not); the lines without are correct calls
  // that must still compile.
  it("type-checks a consumer with tsc: each deliberate mistake is an error, misspelled optional names included", async () => {
    const result = await typeCheck;
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("exports the client as JavaScript with its declarations", () => {
    const manifest = JSON.parse(readFileSync(join(scratch, "node_modules/kakehashi/package.json"), "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    const client = manifest.exports["./client"];
    expect(client?.default).toMatch(/\.js$/);
    expect(client?.types).toMatch(/\.d\.ts$/);
  });
});
