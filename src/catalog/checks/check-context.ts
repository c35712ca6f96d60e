import type { SchemeFile, VocabularyFile } from "../../contracts/scheme.ts";
import type { CatalogIssue } from "../issues.ts";
import type { Parsed, ParsedFiles } from "../parse-files.ts";
import { issueAt, type SourceFile } from "../source-file.ts";

/** What every cross-file check needs: the parsed files, lookups by id, and a place to report issues. */
export class CheckContext {
  readonly issues: CatalogIssue[] = [];
  readonly schemes = new Map<string, Parsed<SchemeFile>>();
  readonly categories = new Map<string, VocabularyFile["categories"][number]>();

  constructor(readonly files: ParsedFiles) {
    for (const scheme of files.schemes) {
      if (!this.schemes.has(scheme.data.id)) this.schemes.set(scheme.data.id, scheme);
    }
    for (const vocabulary of files.vocabularies) {
      for (const category of vocabulary.data.categories) this.categories.set(category.id, category);
    }
  }

  report(file: SourceFile, path: readonly PropertyKey[], message: string): void {
    this.issues.push(issueAt(file, path, message));
  }

  /** The requirement ids a level demands, its own plus those of every level it includes. */
  cumulativeRequirements(scheme: SchemeFile, levelId: string): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>();
    let level = scheme.levels.find((l) => l.id === levelId);
    while (level && !seen.has(level.id)) {
      seen.add(level.id);
      for (const id of level.requirements) out.add(id);
      level = level.includes ? scheme.levels.find((l) => l.id === level?.includes) : undefined;
    }
    return out;
  }

  checkCategories(file: SourceFile, path: readonly PropertyKey[], ids: readonly string[] | undefined): void {
    ids?.forEach((id, index) => {
      if (!this.categories.has(id)) this.report(file, [...path, index], `unknown product category "${id}"`);
    });
  }
}

/** Reports every value that occurs more than once, at its second and later occurrences. */
export function checkUnique<T>(
  ctx: CheckContext,
  file: SourceFile,
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => readonly PropertyKey[],
  what: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) ctx.report(file, path(index), `duplicate ${what} "${value}"`);
    seen.add(value);
  });
}

/** `schemes/jc-star.yaml` must hold id `jc-star`: the file name is how reviewers find a scheme. */
export function checkFileName(ctx: CheckContext, file: SourceFile, id: string): void {
  const base = file.path
    .split("/")
    .pop()
    ?.replace(/\.ya?ml$/, "");
  if (base !== id) ctx.report(file, ["id"], `id "${id}" must match the file name "${base}"`);
}

export function checkDateOrder(
  ctx: CheckContext,
  file: SourceFile,
  path: readonly PropertyKey[],
  earlier: { name: string; value: string | undefined },
  later: { name: string; value: string | undefined },
): void {
  if (earlier.value && later.value && earlier.value > later.value) {
    ctx.report(file, [...path, later.name], `${later.name} ${later.value} is before ${earlier.name} ${earlier.value}`);
  }
}
