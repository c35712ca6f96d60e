import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { projectRoot } from "./write-module.ts";

/**
 * `npm run build:client` (after build:openapi, whose generated/api.d.ts it types against): turns `kakehashi/client`
 * into what plain Node and another project's tsc can load — generated/client/index.js and index.d.ts, which
 * package.json `exports["./client"]` names. openapi-fetch stays an import (a dependency of the package), not a copy.
 * The output sits two folders down like the source, so the declarations' `../../generated/api.js` still resolves.
 */
const source = join(projectRoot, "src/client/index.ts");
const outdir = join(projectRoot, "generated/client");
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [source],
  outdir,
  bundle: true,
  packages: "external",
  // No Node built-ins: the client runs wherever fetch does (Node, Workers, browsers).
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});

const program = ts.createProgram([source], {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  declaration: true,
  emitDeclarationOnly: true,
  outDir: outdir,
  rootDir: join(projectRoot, "src/client"),
  skipLibCheck: true,
  types: [],
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
});
const emitted = program.emit();
const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (problems.length > 0 || emitted.emitSkipped) {
  const host = {
    getCanonicalFileName: (f: string) => f,
    getCurrentDirectory: () => projectRoot,
    getNewLine: () => "\n",
  };
  throw new Error(`kakehashi/client declarations:\n${ts.formatDiagnostics(problems, host)}`);
}
console.log("client → generated/client/index.js + index.d.ts");
