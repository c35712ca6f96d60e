import type { Relationship } from "../../contracts/crosswalk.ts";
import type { RequirementResult, RequirementResultValue } from "../../contracts/record.ts";
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
const rank = (value: RequirementResultValue) => restrictiveness.indexOf(value);

export function mostRestrictive(values: readonly RequirementResultValue[]): RequirementResultValue | undefined {
  return [...values].sort((a, b) => rank(a) - rank(b))[0];
}

function leastRestrictive(values: readonly RequirementResultValue[]): RequirementResultValue | undefined {
  return [...values].sort((a, b) => rank(b) - rank(a))[0];
}

/**
 * A source result carried across a relationship (the rule CISO Assistant applies; docs/data-model.md): equal / superset
 * copy it; subset / intersects turn a pass into partial; fail and not-assessed carry over as they are.
 */
export function carry(result: RequirementResultValue, relationship: Relationship): RequirementResultValue | undefined {
  if (relationship === "not-related") return undefined;
  if (covers(relationship)) return result;
  return result === "pass" ? "partial" : result;
}

/** How a target requirement's result was reached: the source's result and the relationship it crossed. */
interface Contribution {
  requirement: string;
  result: RequirementResultValue;
  relationship: Relationship;
  derived: boolean;
}

export interface TranslatedResult {
  requirement: string;
  result: RequirementResultValue;
  from: Contribution[];
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
    const contributions: Contribution[] = [];
    for (const edge of graph.edgesInto(targetScheme, requirement, sourceScheme)) {
      const result = groupResult(edge, bySource);
      if (result) {
        contributions.push({
          requirement: edge.sources.join("+"),
          result,
          relationship: edge.relationship,
          derived: false,
        });
      }
    }
    if (contributions.length === 0 && hub && hub !== sourceScheme && hub !== targetScheme) {
      for (const second of graph.edgesInto(targetScheme, requirement, hub)) {
        const derived = throughHub(graph, sourceScheme, hub, second, bySource);
        if (derived) contributions.push(derived);
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

/**
 * One hub row `G REL t`, fed by source results through rows into the members of G. Each member is read through the
 * composed relationship; an all-of group needs every member reached and yields its most restrictive carried result,
 * an any-of group its least restrictive — the same group rule coverage.ts applies to content.
 */
function throughHub(
  graph: CrosswalkGraph,
  sourceScheme: string,
  hub: string,
  second: Edge,
  bySource: ReadonlyMap<string, RequirementResultValue>,
): Contribution | undefined {
  const members = second.sources.map((member) => {
    const readings = graph.edgesInto(hub, member, sourceScheme).flatMap((first) => {
      const relationship = compose(first.relationship, second.relationship);
      const result = groupResult(first, bySource);
      const carried = relationship && result ? carry(result, relationship) : undefined;
      return relationship && result && carried ? [{ first, relationship, result, carried }] : [];
    });
    // Several source rows into one member: its best-supported reading.
    return readings.sort((a, b) => rank(b.carried) - rank(a.carried))[0];
  });
  const reached = members.filter((m): m is NonNullable<typeof m> => m !== undefined);
  if (reached.length === 0 || (second.mode !== "any-of" && reached.length !== second.sources.length)) return undefined;
  const pick = second.mode === "any-of" ? leastRestrictive : mostRestrictive;
  const chosenValue = pick(reached.map((m) => m.carried));
  const chosen = reached.find((m) => m.carried === chosenValue);
  if (!chosen) return undefined;
  return {
    requirement: [...new Set(reached.flatMap((m) => m.first.sources))].join("+"),
    result: chosen.result,
    relationship: chosen.relationship,
    derived: true,
  };
}

/** The result a row's source side has: all-of takes the most restrictive member, any-of the least. */
function groupResult(
  edge: Edge,
  bySource: ReadonlyMap<string, RequirementResultValue>,
): RequirementResultValue | undefined {
  const values = edge.sources.map((s) => bySource.get(s));
  const known = values.filter((v): v is RequirementResultValue => v !== undefined);
  if (edge.mode === "any-of") return leastRestrictive(known);
  return known.length === values.length ? mostRestrictive(known) : undefined;
}
