import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { projectRoot } from "./catalog-files.ts";

/**
 * The `kakehashi` command bundled as `npm run build:cli` bundles it (esbuild, the compiled catalog inside), into a
 * scratch folder, once per test file, then run in this process: a call costs a function call, not a Node start-up.
 * Node imports the bundle itself, not Vitest (vitest.config.ts, `server.deps.external`): it is plain JavaScript, and
 * transforming its megabytes with the catalog inside cost ~50 s of CPU a file on a loaded machine.
 * Output, environment and terminal width are the test's own.
 */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Main = (
  argv: string[],
  io: {
    out(text: string): void;
    err(text: string): void;
    env: Record<string, string | undefined>;
    terminalColumns: number | undefined;
  },
) => Promise<number>;

export async function bundledCli(): Promise<{
  run(argv: string[], env?: Record<string, string>): Promise<CliRun>;
  dispose(): void;
}> {
  const outdir = mkdtempSync(join(tmpdir(), "kakehashi-cli-"));
  await build({
    entryPoints: { main: join(projectRoot, "src/cli/kakehashi/main.ts") },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    splitting: true,
    target: "node20",
    logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { main } = (await import(pathToFileURL(join(outdir, "main.js")).href)) as { main: Main };
  return {
    async run(argv, env = {}) {
      let stdout = "";
      let stderr = "";
      const code = await main(argv, {
        out: (text) => {
          stdout += text;
        },
        err: (text) => {
          stderr += text;
        },
        // No locale, server or width from the machine running the tests unless the test gives one.
        env: { LANG: "C", ...env },
        terminalColumns: undefined,
      });
      return { code, stdout, stderr };
    },
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
