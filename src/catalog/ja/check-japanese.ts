import type { z } from "@hono/zod-openapi";
import { hasLatinWords } from "../../lib/english-prose.ts";
import type { CheckContext } from "../checks/check-context.ts";
import type { FileKind, Parsed, ParsedFiles } from "../parse-files.ts";
import { issueAt, type SourceFile } from "../source-file.ts";
import { CompanionFile, type JaText, sourcePathOf } from "./companion.ts";
import { GlossaryFile, glossaryHits } from "./glossary.ts";
import { glossableSourceTitle, requiredJapanese, shownFields, untranslatable } from "./shown-fields.ts";
import { keyMatcher, stringLeaves } from "./text-keys.ts";

/** Per source file: how many shown texts it has and how many have Japanese. What the build prints. */
export interface JapaneseCoverage {
  file: string;
  shown: number;
  japanese: number;
  companion: string | undefined;
  required: boolean;
}

/**
 * The Japanese texts compiled into the catalog, by the catalog object they belong to (see `rootOf`) and key. Product
 * categories are kept under `categories`, keyed from the category list, because the catalog merges vocabularies.
 */
export type JapaneseTexts = Record<string, Record<string, JaText>>;

const bucketKinds: [keyof ParsedFiles, FileKind][] = [
  ["schemes", "scheme"],
  ["vocabularies", "vocabulary"],
  ["crosswalks", "crosswalk"],
  ["arrangements", "arrangement"],
  ["recordMaps", "recordMap"],
  ["marketAccess", "marketAccess"],
];

/** Where a data file's texts live in the compiled catalog: the root object's kind and id, and the key prefix. */
function rootOf(kind: FileKind, data: Record<string, unknown>): { root: string; strip?: string } | undefined {
  switch (kind) {
    case "scheme":
      return { root: `scheme:${data.id}` };
    case "vocabulary":
      return { root: "categories", strip: "categories/" };
    case "arrangement":
      return { root: `arrangement:${data.id}` };
    case "marketAccess":
      return { root: `market:${data.market}` };
    case "crosswalk":
      return { root: `crosswalk:${data.id}` };
    default:
      return undefined;
  }
}

/**
 * Reads the glossary and the `ja/` companion files: every key must name a string of its source file, no Japanese
 * text may use a variant the glossary says to avoid, and a source file with a companion file (or on the required
 * list) must have Japanese for every text people are shown. Issues go to `ctx`; the texts and coverage are returned.
 */
export function checkJapanese(ctx: CheckContext): { texts: JapaneseTexts; coverage: JapaneseCoverage[] } {
  const texts: JapaneseTexts = {};
  const glossaryFile = ctx.files.glossary;
  const glossary = glossaryFile ? parse(ctx, glossaryFile, GlossaryFile) : undefined;

  const sources = new Map<string, { kind: FileKind; parsed: Parsed<unknown> }>();
  for (const [bucket, kind] of bucketKinds) {
    for (const parsed of ctx.files[bucket] as Parsed<unknown>[]) sources.set(parsed.file.path, { kind, parsed });
  }

  // Japanese written into the source files themselves, where the companion files are now the one place for it.
  for (const { data, file } of ctx.files.schemes) {
    data.requirements.forEach((r, i) => {
      if (r.titleJa !== undefined)
        ctx.report(file, ["requirements", i, "titleJa"], "write the Japanese title in the ja/ companion file");
    });
  }
  for (const { data, file } of ctx.files.vocabularies) {
    data.categories.forEach((c, i) => {
      if (c.labelJa !== undefined)
        ctx.report(file, ["categories", i, "labelJa"], "write the Japanese name in the ja/ companion file");
    });
  }

  const companions = new Map<string, { file: SourceFile; data: CompanionFile }>();
  const glossed = new Map<string, { text: string; where: string }>();
  for (const file of ctx.files.japanese) {
    const data = parse(ctx, file, CompanionFile);
    if (!data) continue;
    const sourcePath = sourcePathOf(file.path, data.translates);
    const source = sources.get(sourcePath);
    const root = source && rootOf(source.kind, source.parsed.file.data as Record<string, unknown>);
    if (!source || !root) {
      ctx.report(file, ["translates"], `${sourcePath} is not a data file with texts to translate`);
      continue;
    }
    if (companions.has(sourcePath)) {
      ctx.report(file, ["translates"], `${sourcePath} already has a companion file`);
      continue;
    }
    companions.set(sourcePath, { file, data });
    const leaves = stringLeaves(source.parsed.file.data);
    const out: Record<string, JaText> = {};
    for (const [key, value] of Object.entries(data.texts)) {
      const at = ["texts", key];
      if (!leaves.has(key)) {
        ctx.report(file, at, `"${key}" names no text of ${sourcePath}`);
        continue;
      }
      if (untranslatable.test(key) && !glossableSourceTitle.test(key)) {
        ctx.report(
          file,
          at,
          `"${key}" is under sources or provenance, which are not translated (a source's title may be glossed)`,
        );
        continue;
      }
      const text: JaText =
        typeof value === "string"
          ? { text: value, kind: data.kind }
          : { text: value.text, kind: value.kind ?? data.kind, ...(value.cite ? { cite: value.cite } : {}) };
      const declared = (source.parsed.file.data as { sources?: Record<string, unknown> }).sources ?? {};
      if (text.cite && !(text.cite in declared))
        ctx.report(file, [...at, "cite"], `cites ${text.cite}, which is not a source of ${sourcePath}`);
      for (const hit of glossary ? glossaryHits(glossary, text.text) : []) {
        ctx.report(
          file,
          at,
          `uses "${hit.variant}": the glossary's term for "${hit.term.en}" is "${hit.term.ja}" (${glossaryFile?.path})`,
        );
      }
      // A document's title is glossed by its text wherever it is cited (CatalogTexts.titleGloss): one gloss per title.
      const title = key === "title" && source.kind === "arrangement" ? true : glossableSourceTitle.test(key);
      if (title) {
        const english = leaves.get(key)?.text ?? "";
        const earlier = glossed.get(english);
        if (earlier && earlier.text !== text.text)
          ctx.report(
            file,
            at,
            `glosses "${english}" as "${text.text}", but ${earlier.where} glosses it as "${earlier.text}"`,
          );
        else glossed.set(english, { text: text.text, where: file.path });
      }
      out[root.strip && key.startsWith(root.strip) ? key.slice(root.strip.length) : key] = text;
    }
    texts[root.root] = { ...texts[root.root], ...out };
  }

  const coverage: JapaneseCoverage[] = [];
  for (const [path, { kind, parsed }] of sources) {
    const patterns = shownFields[kind];
    if (!patterns) continue;
    const shownKey = keyMatcher(patterns);
    const companion = companions.get(path);
    const required = requiredJapanese.includes(path);
    let shown = 0;
    let japanese = 0;
    for (const [key, leaf] of stringLeaves(parsed.file.data)) {
      if (!shownKey(key)) continue;
      shown++;
      // A text without a Latin word (a native name in Japanese, "★1 (STAR-1)", a standard number) reads the same.
      if (!hasLatinWords(leaf.text) || companion?.data.texts[key] !== undefined) {
        japanese++;
        continue;
      }
      // A partial companion file is an error of the companion file; a required file without one, of the source.
      if (companion) ctx.report(companion.file, ["texts"], `no Japanese for "${key}" of ${path} (a shown text)`);
      else if (required) {
        const where = path.replace(/([^/]+)$/, "ja/$1");
        ctx.issues.push(issueAt(parsed.file, leaf.path, `shown text has no Japanese: add "${key}" to ${where}`));
      }
    }
    if (shown > 0) coverage.push({ file: path, shown, japanese, companion: companion?.file.path, required });
  }
  return { texts, coverage };
}

function parse<T extends z.ZodType>(ctx: CheckContext, file: SourceFile, schema: T): z.infer<T> | undefined {
  const result = schema.safeParse(file.data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.report(file, issue.path, issue.message);
  return undefined;
}
