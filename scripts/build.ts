import { inputsDigest, upToDate, writeStamp } from "./build-stamp.ts";

/**
 * `npm run build`: the five build steps in order, in one process. Each step is its own script (runnable alone as
 * `npm run build:<step>`) and runs on import; importing them one after another here saves four starts of tsx and of
 * the modules they share (zod, the catalog compiler), about a third of the build's wall time (docs/decisions.md).
 * The order matters: the OpenAPI document, the client and the CLI import what the catalog and asset steps wrote, and
 * a step is imported only after the one before it finished, so it reads the files just written. A step that fails
 * exits the process non-zero, as the chained npm scripts did.
 *
 * When no file the build reads and no file it wrote changed since the last build, it is skipped (scripts/build-stamp.ts):
 * `npm ci` builds, and `npm run verify` would build the same bytes again. `--force` builds regardless.
 */
if (!process.argv.includes("--force") && upToDate()) {
  console.log("build: no input and no output changed since the last build; generated/ kept (--force rebuilds)");
} else {
  const inputs = inputsDigest();
  await import("./build-catalog.ts");
  await import("./build-docs-assets.ts");
  await import("./build-openapi.ts");
  await import("./build-client.ts");
  await import("./build-cli.ts");
  writeStamp(inputs);
}
