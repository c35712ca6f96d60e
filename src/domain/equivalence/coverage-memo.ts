import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import { coverageOf } from "./coverage.ts";
import type { CrosswalkGraph } from "./crosswalk-graph.ts";

type Coverage = ReturnType<typeof coverageOf>;

/**
 * Content coverage depends only on the catalog, the source level and the target scheme — not on the date, the product
 * category or the target level asked for — so it is computed once per (graph, source level, target scheme) and shared.
 * The graph is built once per catalog, so the memo goes with it; at most levels × schemes entries. Shared results
 * must not be mutated (the engine's answers are shared the same way).
 */
const memo = new WeakMap<CrosswalkGraph, Map<string, Coverage>>();

export function memoizedCoverageOf(
  catalog: CatalogIndex,
  graph: CrosswalkGraph,
  source: { scheme: CompiledScheme; level: CompiledLevel },
  target: CompiledScheme,
): Coverage {
  let byQuestion = memo.get(graph);
  if (!byQuestion) {
    byQuestion = new Map();
    memo.set(graph, byQuestion);
  }
  const key = `${source.scheme.id}\u0000${source.level.id}\u0000${target.id}`;
  let coverage = byQuestion.get(key);
  if (!coverage) {
    coverage = coverageOf(catalog, graph, source, target);
    byQuestion.set(key, coverage);
  }
  return coverage;
}
