import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileWithReport } from "../src/catalog/compile.ts";
import { CatalogError, formatIssue } from "../src/catalog/issues.ts";
import type { Catalog } from "../src/catalog/model.ts";
import { readDataFiles } from "../src/catalog/read-files.ts";
import { catalogAssetPath } from "../src/edge/catalog-asset.ts";
import { fieldMapsDeclaration, generateFieldMapsModule } from "./codegen/field-maps.ts";
import { generateRecordChecksModule, recordChecksDeclaration } from "./codegen/record-checks.ts";
import { projectRoot, writeModule, writeSource } from "./write-module.ts";

/**
 * `npm run build:catalog`: validates schemes/ and mappings/ and writes the bundle both runtimes import
 * (generated/catalog.js), the record maps compiled to JavaScript (generated/field-maps.js) and the record schemas
 * compiled to accept-only checks (generated/record-checks.js). Exits 1 with one line per problem — file:line field: message — when the data is invalid.
 */
try {
  const { catalog, coverage } = compileWithReport(readDataFiles(projectRoot));
  const out = writeModule(
    "catalog",
    catalog,
    'import type { Catalog } from "../src/catalog/model.ts";\ndeclare const catalog: Catalog;\nexport default catalog;',
  );
  // The Worker fetches the catalog as a static asset once per isolate instead of carrying it in its script (the
  // script's size limit; src/edge/catalog-asset.ts): the JSON under a name holding its digest, and the digest alone.
  const asset = writeCatalogAsset(catalog);
  writeModule("catalog-digest", catalog.digest, "declare const digest: string;\nexport default digest;");
  console.log(`catalog asset for the Worker → ${asset}`);
  const maps = writeSource("field-maps", generateFieldMapsModule(catalog), fieldMapsDeclaration);
  // Japanese per file: complete where there is a companion file or the file is required, reported everywhere.
  const complete = coverage.filter((c) => c.japanese === c.shown).length;
  console.log(`japanese: ${complete} of ${coverage.length} files complete`);
  for (const c of coverage.filter((c) => c.companion || c.required || c.japanese > 0)) {
    console.log(`  ${c.file}: ${c.japanese}/${c.shown}${c.companion ? ` (${c.companion})` : ""}`);
  }
  console.log(`field maps: ${catalog.recordMaps.length} record maps compiled → ${maps}`);
  const checks = writeSource("record-checks", generateRecordChecksModule(catalog), recordChecksDeclaration);
  console.log(`record checks: the canonical record and each record format compiled → ${checks}`);
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

/** generated/public/assets/catalog-<digest>.json, and no other catalog file there (an old one would only take space). */
function writeCatalogAsset(catalog: Catalog): string {
  const out = join(projectRoot, "generated/public", catalogAssetPath(catalog.digest));
  const dir = join(out, "..");
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (/^catalog-[0-9a-f]+\.json$/.test(name)) rmSync(join(dir, name));
  writeFileSync(out, JSON.stringify(catalog));
  return out;
}
