import { createHash } from "node:crypto";
import { assuranceRank } from "../contracts/scheme.ts";
import { checkArrangements } from "./checks/arrangement-checks.ts";
import { CheckContext } from "./checks/check-context.ts";
import { checkCrosswalks } from "./checks/crosswalk-checks.ts";
import { checkMarketAccess } from "./checks/market-access-checks.ts";
import { checkRecordMaps } from "./checks/record-map-checks.ts";
import { checkRoles, checkSchemes, checkVocabulary } from "./checks/scheme-checks.ts";
import { CatalogError, type CatalogIssue } from "./issues.ts";
import { checkJapanese, type JapaneseCoverage, type JapaneseTexts } from "./ja/check-japanese.ts";
import type { Catalog, CompiledScheme } from "./model.ts";
import { parseFiles } from "./parse-files.ts";
import type { SourceFile } from "./source-file.ts";

/** Shape, then cross-file invariants: the full list of problems, empty when the files make a valid catalog. */
export function validateFiles(files: readonly SourceFile[]): {
  issues: CatalogIssue[];
  ctx?: CheckContext;
  japanese?: { texts: JapaneseTexts; coverage: JapaneseCoverage[] };
} {
  const { parsed, issues } = parseFiles(files);
  if (issues.length > 0) return { issues };
  const ctx = new CheckContext(parsed);
  checkVocabulary(ctx);
  checkSchemes(ctx);
  checkRoles(ctx);
  checkCrosswalks(ctx);
  checkArrangements(ctx);
  checkRecordMaps(ctx);
  checkMarketAccess(ctx);
  const japanese = checkJapanese(ctx);
  return { issues: ctx.issues, ctx, japanese };
}

/**
 * Validates the data files and compiles them into the catalog bundle. Throws a CatalogError listing every problem
 * (file, line, field) when anything is wrong: an invalid catalog is never served.
 */
export function compileCatalog(files: readonly SourceFile[]): Catalog {
  return compileWithReport(files).catalog;
}

/** The catalog and how much of its shown text has Japanese, per file (what `npm run build` prints). */
export function compileWithReport(files: readonly SourceFile[]): { catalog: Catalog; coverage: JapaneseCoverage[] } {
  const { issues, ctx, japanese } = validateFiles(files);
  if (issues.length > 0 || !ctx || !japanese) throw new CatalogError(issues);
  const ja = japanese.texts;
  const { parsed } = { parsed: ctx.files };

  const schemes = parsed.schemes.map(({ data }): CompiledScheme => {
    const { $schema: _, ...scheme } = data;
    const texts = ja[`scheme:${scheme.id}`] ?? {};
    return {
      ...scheme,
      // The API's `titleJa` is the Japanese title from the companion file, kept for clients that read it.
      requirements: scheme.requirements.map((r) => {
        const titleJa = texts[`requirements/${r.id}/title`]?.text;
        return titleJa ? { ...r, titleJa } : r;
      }),
      levels: scheme.levels.map((level) => ({
        ...level,
        assurance: { ...level.assurance, rank: assuranceRank(level.assurance.mode) },
        allRequirements: scheme.requirements
          .map((r) => r.id)
          .filter((id) => ctx.cumulativeRequirements(data, level.id).has(id)),
      })),
    };
  });
  const content = {
    schemes,
    categories: parsed.vocabularies.flatMap(({ data }) =>
      data.categories.map((c) => {
        const labelJa = ja.categories?.[`${c.id}/label`]?.text;
        return labelJa ? { ...c, labelJa } : c;
      }),
    ),
    crosswalks: parsed.crosswalks.map(({ data: { $schema: _, ...set } }) => set),
    arrangements: parsed.arrangements.map(({ data: { $schema: _, ...arrangement } }) => arrangement),
    recordMaps: parsed.recordMaps.map(({ data: { $schema: _, ...map } }) => map),
    markets: parsed.marketAccess.map(({ data: { $schema: _, ...market } }) => market),
    texts: { ja },
  };
  const digest = createHash("sha256").update(JSON.stringify(content)).digest("hex");
  return { catalog: { digest, ...content }, coverage: japanese.coverage };
}
