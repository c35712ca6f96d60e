import { compileWithReport } from "../catalog/compile.ts";
import { CatalogError, formatIssue } from "../catalog/issues.ts";
import { readDataFiles } from "../catalog/read-files.ts";
import { fieldMapsDeclaration, generateFieldMapsModule } from "../records/codegen.ts";
import { projectRoot, writeModule, writeSource } from "./write-module.ts";

/**
 * `npm run build:catalog`: validates schemes/ and mappings/ and writes the bundle both runtimes import
 * (generated/catalog.js), and the record maps compiled to JavaScript (generated/field-maps.js). Exits 1 with one line per problem — file:line field: message — when the data is invalid.
 */
try {
  const { catalog, coverage } = compileWithReport(readDataFiles(projectRoot));
  const out = writeModule(
    "catalog",
    catalog,
    'import type { Catalog } from "../src/catalog/model.ts";\ndeclare const catalog: Catalog;\nexport default catalog;',
  );
  const maps = writeSource("field-maps", generateFieldMapsModule(catalog), fieldMapsDeclaration);
  // Japanese per file: complete where there is a companion file or the file is required, reported everywhere.
  const complete = coverage.filter((c) => c.japanese === c.shown).length;
  console.log(`japanese: ${complete} of ${coverage.length} files complete`);
  for (const c of coverage.filter((c) => c.companion || c.required || c.japanese > 0)) {
    console.log(`  ${c.file}: ${c.japanese}/${c.shown}${c.companion ? ` (${c.companion})` : ""}`);
  }
  console.log(`field maps: ${catalog.recordMaps.length} record maps compiled → ${maps}`);
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
