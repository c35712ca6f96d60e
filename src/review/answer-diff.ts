import { CatalogIndex } from "../catalog/catalog-index.ts";
import type { Catalog } from "../catalog/model.ts";
import type { EquivalenceAnswer } from "../contracts/equivalence.ts";
import { EquivalenceEngine } from "../domain/equivalence/engine.ts";
import { ruleDates } from "../domain/in-force.ts";

/**
 * What a data change does to the answers: every equivalence question the catalog can be asked — each source level
 * against each other scheme and each of its levels, with no category and with each category of the vocabulary — on
 * every date where some arrangement rule starts or stops applying (in either catalog), answered with the base catalog
 * and with the changed one by the same engine. Only answers that differ are reported, field by field.
 */

export interface AnswerChange {
  from: string;
  to: string;
  category: string | null;
  asOf: string;
  changes: { field: string; before: string; after: string }[];
}

export interface AnswerDiff {
  base: { digest: string };
  head: { digest: string };
  dates: string[];
  questions: number;
  changed: AnswerChange[];
}

/**
 * The parts of an answer a reviewer must see change: verdict, legal rules, best covered level, coverage ratios. The
 * engine's facts carry them without the sentences an answer adds (most of its CPU, and never compared here).
 */
export function summary(
  answer: Pick<EquivalenceAnswer, "verdict"> & {
    legal: Pick<EquivalenceAnswer["legal"], "rules">;
    coverage: Pick<EquivalenceAnswer["coverage"], "bestCoveredLevel" | "levels">;
  },
): Record<string, string> {
  const out: Record<string, string> = {
    verdict: answer.verdict,
    "legal rules":
      answer.legal.rules.map((r) => `${r.arrangement}/${r.rule} (${r.effect} → ${r.toLevel})`).join("; ") || "none",
    "best covered level": answer.coverage.bestCoveredLevel ?? "none",
  };
  for (const [field, text] of coverageFields(answer.coverage.levels)) out[field] = text;
  return out;
}

type CoverageLevels = Parameters<typeof summary>[0]["coverage"]["levels"];

/**
 * The engine shares one coverage per catalog, source level and target scheme, whatever the date, category or target
 * level (src/domain/equivalence/coverage-memo.ts; never mutated): its lines are written once, not once per question.
 */
const coverageLines = new WeakMap<CoverageLevels, [string, string][]>();

function coverageFields(levels: CoverageLevels): [string, string][] {
  let lines = coverageLines.get(levels);
  if (!lines) {
    lines = levels.map((level) => [
      `coverage ${level.level}`,
      `${round(level.ratio)} (${level.covered.length} covered, ${level.partial.length} partial, ` +
        `${level.undetermined.length} undetermined, ${level.missing.length} missing, ${level.noMapping.length} no mapping)`,
    ]);
    coverageLines.set(levels, lines);
  }
  return lines;
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

/** Days on which some rule's legal effect starts or stops (the day after its last day), in either catalog. */
export function ruleBoundaries(catalogs: readonly Catalog[]): string[] {
  const days = new Set<string>();
  for (const catalog of catalogs) {
    for (const arrangement of catalog.arrangements) {
      for (const rule of arrangement.rules) {
        const { from, to } = ruleDates(arrangement, rule);
        if (from) days.add(from);
        if (to) days.add(nextDay(to));
      }
    }
  }
  return [...days].sort();
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

interface Question {
  from: string;
  to: string;
  category: string | undefined;
  /** `from|to|category`: what the two catalogs' questions are matched and their answers kept by. */
  key: string;
}

/**
 * Categories only matter to rules with a product scope. Categories whose lineage (the term and its broader terms)
 * meets no scope term of either catalog are all answered alike, so one of them is asked for all: the rest are
 * reported with its answer. Returns the categories to ask, each with the ones it stands for.
 */
function categoryClasses(base: Catalog, head: Catalog): Map<string | undefined, string[]> {
  const classes = new Map<string | undefined, string[]>([[undefined, []]]);
  const sameVocabulary = JSON.stringify(base.categories) === JSON.stringify(head.categories);
  const scopeTerms = new Set(
    [base, head].flatMap((c) =>
      c.arrangements.flatMap((a) =>
        a.rules.flatMap((r) => [...(r.productScope?.include ?? []), ...(r.productScope?.exclude ?? [])]),
      ),
    ),
  );
  const index = new CatalogIndex(head);
  let representative: string | undefined;
  for (const category of new Set([...base.categories, ...head.categories].map((c) => c.id))) {
    const plain = sameVocabulary && !index.categoryLineage(category).some((term) => scopeTerms.has(term));
    if (plain && representative) classes.get(representative)?.push(category);
    else {
      classes.set(category, []);
      if (plain) representative = category;
    }
  }
  return classes;
}

/** Every question one catalog can answer, keyed so that the two catalogs' questions can be matched. */
function questions(index: CatalogIndex, categories: readonly (string | undefined)[]): Question[] {
  const withLevels = index.allSchemes().filter((s) => s.levels.length > 0);
  const out: Question[] = [];
  for (const source of withLevels) {
    for (const level of source.levels) {
      for (const target of withLevels) {
        if (target.id === source.id) continue;
        for (const to of [target.id, ...target.levels.map((l) => `${target.id}:${l.id}`)]) {
          for (const category of categories) {
            const from = `${source.id}:${level.id}`;
            out.push({ from, to, category, key: `${from}|${to}|${category ?? ""}` });
          }
        }
      }
    }
  }
  return out;
}

/** The question in one catalog's objects, or undefined when that catalog cannot ask it. */
function resolve(index: CatalogIndex, q: Question) {
  const [fromScheme = "", fromLevel = ""] = q.from.split(":");
  const [toScheme = "", toLevel] = q.to.split(":");
  const scheme = index.scheme(fromScheme);
  const level = index.level(fromScheme, fromLevel);
  const target = index.scheme(toScheme);
  const targetLevel = toLevel === undefined ? undefined : index.level(toScheme, toLevel);
  // A question one catalog cannot ask (a scheme, level or category added or removed) has no answer there.
  if (!scheme || !level || !target || (toLevel !== undefined && !targetLevel)) return undefined;
  if (q.category && !index.category(q.category)) return undefined;
  return { from: { scheme, level }, to: { scheme: target, level: targetLevel }, category: q.category };
}

/** One catalog's engine and the summaries of the answers it gave, by question and date. */
interface CatalogAnswers {
  digest: string;
  ask(q: Question, asOf: string): Record<string, string> | undefined;
}

/**
 * The answers of the catalogs of the last diff, kept for the next one: an answer is a pure function of the catalog's
 * content, which its digest names, so a second diff that shares a catalog with the one before asks the engine nothing
 * again for it — the CLI's JSON and Markdown reports of one change, or several edits diffed against one base (each
 * diff asks ~125,000 questions, ~2 s of CPU a catalog for the facts alone). Two catalogs at most: a diff's base and head.
 */
const recentCatalogs: CatalogAnswers[] = [];

function answersOf(catalog: Catalog): CatalogAnswers {
  const at = recentCatalogs.findIndex((known) => known.digest === catalog.digest);
  if (at >= 0) {
    const [known] = recentCatalogs.splice(at, 1) as [CatalogAnswers];
    recentCatalogs.unshift(known);
    return known;
  }
  const index = new CatalogIndex(catalog);
  const engine = new EquivalenceEngine(index);
  // Per question: its objects in this catalog, looked up once for all dates, and its summaries by date.
  const asked = new Map<string, { query: ReturnType<typeof resolve>; byDate: Map<string, Record<string, string>> }>();
  const answers: CatalogAnswers = {
    digest: catalog.digest,
    ask: (q, asOf) => {
      let question = asked.get(q.key);
      if (!question) {
        question = { query: resolve(index, q), byDate: new Map() };
        asked.set(q.key, question);
      }
      const { query, byDate } = question;
      if (!query) return undefined;
      let answer = byDate.get(asOf);
      if (!answer) {
        answer = summary(engine.facts({ ...query, asOf }));
        byDate.set(asOf, answer);
      }
      return answer;
    },
  };
  recentCatalogs.unshift(answers);
  recentCatalogs.length = Math.min(recentCatalogs.length, 2);
  return answers;
}

/** The same fields with the same values: most answers of a diff, told apart without listing their fields. */
function sameSummary(a: Record<string, string>, b: Record<string, string>): boolean {
  let fields = 0;
  for (const field in a) {
    if (a[field] !== b[field]) return false;
    fields++;
  }
  return fields === Object.keys(b).length;
}

export function diffAnswers(base: Catalog, head: Catalog, extraDates: readonly string[] = []): AnswerDiff {
  const baseIndex = new CatalogIndex(base);
  const headIndex = new CatalogIndex(head);
  const dates = [...new Set([...ruleBoundaries([base, head]), ...extraDates])].sort();
  const classes = categoryClasses(base, head);
  const asked = [...classes.keys()];
  const seen = new Set<string>();
  const all = [...questions(baseIndex, asked), ...questions(headIndex, asked)].filter((q) => {
    if (seen.has(q.key)) return false;
    seen.add(q.key);
    return true;
  });
  const changed: AnswerChange[] = [];
  const unchangedData = base.digest === head.digest;
  const baseAnswers = unchangedData ? undefined : answersOf(base);
  const headAnswers = unchangedData ? undefined : answersOf(head);
  for (const q of unchangedData ? [] : all) {
    for (const asOf of dates) {
      const before = baseAnswers?.ask(q, asOf);
      const after = headAnswers?.ask(q, asOf);
      if (before && after && sameSummary(before, after)) continue;
      const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
      const changes = fields.flatMap((field) => {
        const b = before ? (before[field] ?? "absent") : "not asked (absent from this catalog)";
        const a = after ? (after[field] ?? "absent") : "not asked (absent from this catalog)";
        return a === b ? [] : [{ field, before: b, after: a }];
      });
      if (changes.length === 0) continue;
      for (const category of [q.category, ...(classes.get(q.category) ?? [])]) {
        changed.push({ from: q.from, to: q.to, category: category ?? null, asOf, changes });
      }
    }
  }
  changed.sort(
    (a, b) =>
      a.from.localeCompare(b.from) ||
      a.to.localeCompare(b.to) ||
      a.asOf.localeCompare(b.asOf) ||
      (a.category ?? "").localeCompare(b.category ?? ""),
  );
  return {
    base: { digest: base.digest },
    head: { digest: head.digest },
    dates,
    questions: all.reduce((n, q) => n + 1 + (classes.get(q.category)?.length ?? 0), 0) * dates.length,
    changed,
  };
}
