import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileCatalog } from "../catalog/compile.ts";
import { CatalogError, formatIssue } from "../catalog/issues.ts";
import { readDataFiles } from "../catalog/read-files.ts";

/**
 * `npm run build:catalog`: validates schemes/ and mappings/ and writes the bundle both runtimes import
 * (generated/catalog.json). Exits 1 with one line per problem — file:line field: message — when the data is invalid.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = join(root, "generated/catalog.json");

try {
  const catalog = compileCatalog(readDataFiles(root));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(catalog)}\n`);
  console.log(
    `catalog ${catalog.digest.slice(0, 12)}: ${catalog.schemes.length} schemes, ${catalog.crosswalks.length} crosswalks, ` +
      `${catalog.arrangements.length} arrangements → ${out}`,
  );
} catch (error) {
  if (!(error instanceof CatalogError)) throw error;
  for (const issue of error.issues) console.error(formatIssue(issue));
  console.error(`${error.issues.length} problem(s); catalog not written`);
  process.exit(1);
}
