import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { Confidence } from "../../contracts/common.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import { weakestConfidence } from "../confidence.ts";
import { assuranceOf } from "./assurance.ts";
import { memoizedCoverageOf } from "./coverage-memo.ts";
import type { CrosswalkGraph } from "./crosswalk-graph.ts";
import { legalRecognition } from "./legal.ts";
import { summarize } from "./summary.ts";
import { deriveVerdict } from "./verdict.ts";

export interface EquivalenceQuery {
  from: { scheme: CompiledScheme; level: CompiledLevel; version?: string | undefined };
  to: { scheme: CompiledScheme; level: CompiledLevel | undefined };
  asOf: string;
  category: string | undefined;
}

/**
 * The facts an answer's verdict rests on, before any sentence is written: legal recognition, content coverage, the
 * target level assurance is compared with, and the verdict that follows. The answer adds the words (the assurance
 * note, the summary, in each language) and the provenance; the answer diff (src/review/answer-diff.ts) compares
 * these facts alone, and the words were ~65 % of an answer's CPU (docs/decisions.md, "Suite time, fourth pass").
 */
export function equivalenceFacts(catalog: CatalogIndex, graph: CrosswalkGraph, query: EquivalenceQuery) {
  const legal = legalRecognition(catalog, query);
  const coverage = memoizedCoverageOf(catalog, graph, query.from, query.to.scheme);
  // The level assurance is compared with: the one asked for; else the highest fully covered level the source's
  // assessment also meets; else the highest fully covered one (showing the gap); else the entry level.
  const covered = query.to.scheme.levels.filter((l) =>
    coverage.levels.some((c) => c.level === l.id && c.criteriaPublished && c.requirements > 0 && c.ratio === 1),
  );
  const comparedLevel =
    query.to.level ??
    [...covered].reverse().find((l) => l.assurance.rank <= query.from.level.assurance.rank) ??
    covered.at(-1) ??
    query.to.scheme.levels[0];
  // As assuranceOf reports it: a gap when the source was assessed less strictly than the compared level must be.
  const gap = comparedLevel !== undefined && query.from.level.assurance.rank < comparedLevel.assurance.rank;
  const verdict = deriveVerdict(legal, coverage, { gap, to: comparedLevel ? { level: comparedLevel.id } : null });
  return { legal, coverage, comparedLevel, verdict };
}

/**
 * What a label of scheme A at level X means in scheme B on a date: legal recognition, content coverage and
 * assurance, kept apart, and the verdict that follows from them. Pure: same catalog and query, same answer.
 */
export function answerEquivalence(
  catalog: CatalogIndex,
  graph: CrosswalkGraph,
  query: EquivalenceQuery,
): EquivalenceAnswer {
  const { legal, coverage, comparedLevel, verdict } = equivalenceFacts(catalog, graph, query);
  const assurance = assuranceOf(catalog, query.from.level, comparedLevel);

  const shownLevels = query.to.level ? coverage.levels.filter((l) => l.level === query.to.level?.id) : coverage.levels;
  const matches = shownLevels.flatMap((l) => [...l.covered, ...l.partial]);
  const confidences: Confidence[] = [
    ...legal.rules.map((r) => r.confidence),
    ...legal.statements.map((r) => r.confidence),
    ...matches.map((m) => m.confidence),
    query.from.level.assurance.provenance.confidence,
    ...(comparedLevel ? [comparedLevel.assurance.provenance.confidence] : []),
  ];
  const answer: Omit<EquivalenceAnswer, "summary"> = {
    from: { scheme: query.from.scheme.id, level: query.from.level.id },
    to: { scheme: query.to.scheme.id, level: query.to.level?.id ?? null },
    asOf: query.asOf,
    category: query.category ?? null,
    verdict,
    legal: { recognized: verdict === "recognized", ...legal },
    coverage: { bestCoveredLevel: coverage.bestCoveredLevel, levels: coverage.levels },
    assurance,
    // Context for the reader, each event with its own provenance; the verdict does not rest on it.
    programmeStatus: query.to.scheme.programmeStatus ?? [],
    provenance: {
      catalogDigest: catalog.digest,
      confidence: weakestConfidence(confidences),
      mappingSets: [...new Set(matches.flatMap((m) => m.crosswalks))].sort(),
      arrangements: [...new Set([...legal.rules, ...legal.statements].map((r) => r.arrangement))].sort(),
      derivedPaths: uniquePaths(matches.filter((m) => m.derived).map((m) => m.path)),
    },
  };
  // Summary last in key order would hide it below kilobytes of coverage: it goes right after the verdict.
  const { from, to, asOf, category, verdict: _verdict, ...rest } = answer;
  return { from, to, asOf, category, verdict, summary: summarize(catalog, answer), ...rest };
}

function uniquePaths(paths: readonly string[][]): string[][] {
  const seen = new Map(paths.map((p) => [p.join(" → "), p]));
  return [...seen.values()];
}
