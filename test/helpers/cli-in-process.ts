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
 *
 * `withServer` bundles the origin server (src/node-server.ts, src/env.ts) beside it, sharing its chunks, for a test that
 * points the command at a running server: importing the server's sources through Vitest instead transformed and ran
 * every module of the app again (~3.5 s of CPU a file).
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

/** The origin server as src/node.ts starts it, from the bundle. */
export type BundledServer = Pick<typeof import("../../src/node-server.ts"), "startServer"> &
  Pick<typeof import("../../src/env.ts"), "parseNodeEnv">;

export async function bundledCli(options: { withServer?: boolean } = {}): Promise<{
  run(argv: string[], env?: Record<string, string>): Promise<CliRun>;
  /** The bundled server, when asked for with `withServer`. */
  server: BundledServer | undefined;
  dispose(): void;
}> {
  const outdir = mkdtempSync(join(tmpdir(), "kakehashi-cli-"));
  const server = { "node-server": join(projectRoot, "src/node-server.ts"), env: join(projectRoot, "src/env.ts") };
  await build({
    entryPoints: { main: join(projectRoot, "src/cli/kakehashi/main.ts"), ...(options.withServer ? server : {}) },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    splitting: true,
    target: "node20",
    logLevel: "warning",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const load = (name: string) => import(pathToFileURL(join(outdir, `${name}.js`)).href);
  const { main } = (await load("main")) as { main: Main };
  const bundledServer = options.withServer
    ? ({ ...(await load("node-server")), ...(await load("env")) } as BundledServer)
    : undefined;
  return {
    server: bundledServer,
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
