import type { Relationship } from "../../schemas/crosswalk.ts";
import type { RequirementResult, RequirementResultValue } from "../../schemas/record.ts";
import { compose, covers } from "../equivalence/composition.ts";
import type { CrosswalkGraph, Edge } from "../equivalence/crosswalk-graph.ts";

/** Most restrictive first: when several sources feed one target, the earliest of these wins. */
const restrictiveness: readonly RequirementResultValue[] = [
  "fail",
  "not-assessed",
  "partial",
  "pass",
  "not-applicable",
];

export function mostRestrictive(values: readonly RequirementResultValue[]): RequirementResultValue | undefined {
  return [...values].sort((a, b) => restrictiveness.indexOf(a) - restrictiveness.indexOf(b))[0];
}

/**
 * A source result carried across a relationship (CISO Assistant's rule, mapping-models.md §8.5): equal / superset
 * copy it; subset / intersects turn a pass into partial; fail and not-assessed carry over as they are.
 */
export function carry(result: RequirementResultValue, relationship: Relationship): RequirementResultValue | undefined {
  if (relationship === "not-related") return undefined;
  if (covers(relationship)) return result;
  return result === "pass" ? "partial" : result;
}

export interface TranslatedResult {
  requirement: string;
  result: RequirementResultValue;
  from: { requirement: string; result: RequirementResultValue; relationship: Relationship; derived: boolean }[];
}

/**
 * Translates per-requirement results from one scheme to another through the crosswalks: rows stated between the two
 * schemes, or else chained through the hub (composition table). A target with no row from any assessed source gets
 * no result — it is left for the target's own assessment, never guessed.
 */
export function translateResults(
  graph: CrosswalkGraph,
  sourceScheme: string,
  results: readonly RequirementResult[],
  targetScheme: string,
  targetRequirements: readonly string[],
  hub: string | undefined,
): TranslatedResult[] {
  const bySource = new Map(results.map((r) => [r.requirement, r.result]));
  const out: TranslatedResult[] = [];
  for (const requirement of targetRequirements) {
    const contributions: TranslatedResult["from"] = [];
    for (const edge of graph.edgesInto(targetScheme, requirement, sourceScheme)) {
      const combined = groupResult(edge, bySource);
      if (combined)
        contributions.push({
          requirement: edge.sources.join("+"),
          result: combined,
          relationship: edge.relationship,
          derived: false,
        });
    }
    if (contributions.length === 0 && hub && hub !== sourceScheme && hub !== targetScheme) {
      for (const second of graph.edgesInto(targetScheme, requirement, hub)) {
        for (const member of second.sources) {
          for (const first of graph.edgesInto(hub, member, sourceScheme)) {
            const relationship = compose(first.relationship, second.relationship);
            const combined = groupResult(first, bySource);
            if (relationship && combined) {
              contributions.push({
                requirement: first.sources.join("+"),
                result: combined,
                relationship,
                derived: true,
              });
            }
          }
        }
      }
    }
    const carried = contributions
      .map((c) => carry(c.result, c.relationship))
      .filter((r): r is RequirementResultValue => r !== undefined);
    const result = mostRestrictive(carried);
    if (result) out.push({ requirement, result, from: contributions });
  }
  return out;
}

/** The result a row's source side has: all-of takes the most restrictive member, any-of the least. */
function groupResult(
  edge: Edge,
  bySource: ReadonlyMap<string, RequirementResultValue>,
): RequirementResultValue | undefined {
  const values = edge.sources.map((s) => bySource.get(s));
  if (edge.mode === "any-of") {
    const known = values.filter((v): v is RequirementResultValue => v !== undefined);
    return [...known].sort((a, b) => restrictiveness.indexOf(b) - restrictiveness.indexOf(a))[0];
  }
  if (values.some((v) => v === undefined)) return undefined;
  return mostRestrictive(values as RequirementResultValue[]);
}
