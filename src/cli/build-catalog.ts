import { compileCatalog } from "../catalog/compile.ts";
import { CatalogError, formatIssue } from "../catalog/issues.ts";
import { readDataFiles } from "../catalog/read-files.ts";
import { generateRecordChecksModule, recordChecksDeclaration } from "../records/check-codegen.ts";
import { fieldMapsDeclaration, generateFieldMapsModule } from "../records/codegen.ts";
import { projectRoot, writeModule, writeSource } from "./write-module.ts";

/**
 * `npm run build:catalog`: validates schemes/ and mappings/ and writes the bundle both runtimes import
 * (generated/catalog.js), the record maps compiled to JavaScript (generated/field-maps.js) and the record schemas compiled to accept-only checks
 * (generated/record-checks.js). Exits 1 with one line per problem — file:line field: message — when the data is invalid.
 */
try {
  const catalog = compileCatalog(readDataFiles(projectRoot));
  const out = writeModule(
    "catalog",
    catalog,
    'import type { Catalog } from "../src/catalog/model.ts";\ndeclare const catalog: Catalog;\nexport default catalog;',
  );
  const maps = writeSource("field-maps", generateFieldMapsModule(catalog), fieldMapsDeclaration);
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
