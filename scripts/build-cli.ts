import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { projectRoot } from "./write-module.ts";

/**
 * `npm run build:cli`: bundles the `kakehashi` command (and the importer it delegates to) with the compiled catalog
 * into plain JavaScript in generated/, because Node 20 cannot run the TypeScript sources. bin/kakehashi.js loads it.
 */
rmSync(join(projectRoot, "generated/kakehashi-chunks"), { recursive: true, force: true }); // no stale chunks
await build({
  entryPoints: {
    kakehashi: join(projectRoot, "src/cli/kakehashi/entry.ts"),
    "kakehashi-import": join(projectRoot, "src/cli/import.ts"),
  },
  outdir: join(projectRoot, "generated"),
  bundle: true,
  platform: "node",
  format: "esm",
  // Commands load the app and the catalog only when they ask a question: --help and validate start fast.
  splitting: true,
  chunkNames: "kakehashi-chunks/[name]-[hash]",
  target: "node20",
  logLevel: "warning",
  // Some dependencies are CommonJS and call require(); an ES module bundle needs one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
console.log("cli → generated/kakehashi.js");
