import type { z } from "@hono/zod-openapi";
import { ArrangementFile } from "../contracts/arrangement.ts";
import { CrosswalkFile } from "../contracts/crosswalk.ts";
import { MarketAccessFile } from "../contracts/market-access.ts";
import { RecordMapFile } from "../contracts/record-map.ts";
import { SchemeFile, VocabularyFile } from "../contracts/scheme.ts";
import type { CatalogIssue } from "./issues.ts";
import { GLOSSARY_PATH, isCompanionPath } from "./ja/companion.ts";
import { issueAt, type SourceFile } from "./source-file.ts";

/**
 * The four kinds of data file, told apart by where they live. The folder is the contract: a new scheme is a new
 * file in `schemes/`, nothing else.
 */
export const fileKinds = {
  vocabulary: { folder: /^schemes\/vocabulary\/[^/]+\.ya?ml$/, schema: VocabularyFile },
  scheme: { folder: /^schemes\/[^/]+\.ya?ml$/, schema: SchemeFile },
  crosswalk: { folder: /^mappings\/crosswalks\/[^/]+\.ya?ml$/, schema: CrosswalkFile },
  arrangement: { folder: /^mappings\/arrangements\/[^/]+\.ya?ml$/, schema: ArrangementFile },
  recordMap: { folder: /^mappings\/records\/[^/]+\.ya?ml$/, schema: RecordMapFile },
  marketAccess: { folder: /^mappings\/market-access\/[^/]+\.ya?ml$/, schema: MarketAccessFile },
} as const;
export type FileKind = keyof typeof fileKinds;

export interface ParsedFiles {
  schemes: Parsed<SchemeFile>[];
  vocabularies: Parsed<VocabularyFile>[];
  crosswalks: Parsed<CrosswalkFile>[];
  arrangements: Parsed<ArrangementFile>[];
  recordMaps: Parsed<RecordMapFile>[];
  marketAccess: Parsed<MarketAccessFile>[];
  /** `ja/` companion files (Japanese texts of the files above) and the glossary: checked in ja/check-japanese.ts. */
  japanese: SourceFile[];
  glossary?: SourceFile;
}

/** A validated file: its data typed, its source kept for locating later cross-file issues. */
export interface Parsed<T> {
  file: SourceFile;
  data: T;
}

export function kindOf(path: string): FileKind | undefined {
  for (const [kind, { folder }] of Object.entries(fileKinds)) {
    if (folder.test(path)) return kind as FileKind;
  }
  return undefined;
}

/** Checks each file's shape with its zod schema; every issue of every file is collected, none stops the others. */
export function parseFiles(files: readonly SourceFile[]): { parsed: ParsedFiles; issues: CatalogIssue[] } {
  const parsed: ParsedFiles = {
    schemes: [],
    vocabularies: [],
    crosswalks: [],
    arrangements: [],
    recordMaps: [],
    marketAccess: [],
    japanese: [],
  };
  const issues: CatalogIssue[] = [];
  for (const file of files) {
    issues.push(...file.syntaxIssues);
    if (file.syntaxIssues.length > 0) continue;
    if (file.path === GLOSSARY_PATH) {
      parsed.glossary = file;
      continue;
    }
    if (isCompanionPath(file.path)) {
      parsed.japanese.push(file);
      continue;
    }
    const kind = kindOf(file.path);
    if (!kind) {
      issues.push({ file: file.path, line: 1, field: "", message: "not a known data file location" });
      continue;
    }
    const result = (fileKinds[kind].schema as z.ZodType).safeParse(file.data);
    if (!result.success) {
      for (const issue of result.error.issues) issues.push(issueAt(file, issue.path, issue.message));
      continue;
    }
    const bucket = {
      scheme: "schemes",
      vocabulary: "vocabularies",
      crosswalk: "crosswalks",
      arrangement: "arrangements",
      recordMap: "recordMaps",
      marketAccess: "marketAccess",
    }[kind];
    (parsed[bucket as keyof ParsedFiles] as Parsed<unknown>[]).push({ file, data: result.data });
  }
  return { parsed, issues };
}
