import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { Relationship } from "../../schemas/crosswalk.ts";
import type { CoverageLevel, Match } from "../../schemas/equivalence.ts";
import { demote, weakestConfidence } from "../confidence.ts";
import { compose, covers, overlaps } from "./composition.ts";
import { type CrosswalkGraph, type Edge, satisfied } from "./crosswalk-graph.ts";

/**
 * Content coverage: for each level of the target scheme, which of its requirements the source level's requirements
 * cover (equal / superset, or a satisfied all-of group), cover in part (subset / intersects) or leave missing —
 * from crosswalk rows stated between the two schemes, and else derived through the hub with the composition table.
 */
export function coverageOf(
  catalog: CatalogIndex,
  graph: CrosswalkGraph,
  source: { scheme: CompiledScheme; level: CompiledLevel },
  target: CompiledScheme,
): { bestCoveredLevel: string | null; levels: CoverageLevel[] } {
  const held = new Set(source.level.allRequirements);
  const hub = catalog.allSchemes().find((s) => s.role === "hub");
  const viaHub = hub && hub.id !== source.scheme.id && hub.id !== target.id ? hub.id : undefined;
  const gaps = targetGapNotes(catalog, source.scheme.id, target.id);
  const matches = new Map<string, Candidate | undefined>();
  const matchFor = (requirement: string) => {
    if (!matches.has(requirement)) {
      matches.set(requirement, bestMatch(graph, source.scheme.id, held, target.id, requirement, viaHub));
    }
    return matches.get(requirement);
  };

  const levels = target.levels.map((level): CoverageLevel => {
    const covered: Match[] = [];
    const partial: Match[] = [];
    const missing: CoverageLevel["missing"] = [];
    const noMapping: CoverageLevel["noMapping"] = [];
    for (const requirement of level.allRequirements) {
      const match = matchFor(requirement);
      const title = catalog.requirement(target.id, requirement)?.title ?? null;
      if (match && covers(match.relationship)) covered.push(withTitle(match, title));
      else if (match && overlaps(match.relationship)) partial.push(withTitle(match, title));
      else {
        const gapNote = gaps.get(requirement) ?? null;
        // "Fails it" and "nobody has mapped it yet" are different answers: a requirement no row reaches from the
        // source scheme (directly or through the hub) and no gap note speaks of has no mapping data at all.
        const mapped = gapNote !== null || reachable(graph, source.scheme.id, target.id, requirement, viaHub);
        (mapped ? missing : noMapping).push({ requirement, title, gapNote });
      }
    }
    const total = level.allRequirements.length;
    return {
      level: level.id,
      criteriaPublished: level.status === "available",
      requirements: total,
      ratio: total === 0 ? 0 : covered.length / total,
      covered,
      partial,
      missing,
      noMapping,
    };
  });

  // Highest level whose published criteria are all covered; an unpublished level is never "covered".
  const best = [...levels].reverse().find((l) => l.criteriaPublished && l.requirements > 0 && l.ratio === 1);
  return { bestCoveredLevel: best?.level ?? null, levels };
}

/** A match before the target requirement's title is attached. */
type Candidate = Omit<Match, "title">;

/** The match with the target requirement's title next to its id, so that no answer lists a bare id. */
function withTitle(match: Candidate, title: string | null): Match {
  const { requirement, ...rest } = match;
  return { requirement, title, ...rest };
}

/**
 * Whether any crosswalk row links the target requirement to any requirement of the source scheme — held by the level
 * or not — directly or through the hub (both legs present). False means the mapping data is simply not there yet.
 */
function reachable(
  graph: CrosswalkGraph,
  sourceScheme: string,
  targetScheme: string,
  requirement: string,
  hub: string | undefined,
): boolean {
  if (graph.edgesInto(targetScheme, requirement, sourceScheme).length > 0) return true;
  if (!hub) return false;
  return graph
    .edgesInto(targetScheme, requirement, hub)
    .some((edge) => edge.sources.some((member) => graph.edgesInto(hub, member, sourceScheme).length > 0));
}

/** Direct rows first; the hub only where no direct row covers the requirement. Covered beats partial. */
function bestMatch(
  graph: CrosswalkGraph,
  sourceScheme: string,
  held: ReadonlySet<string>,
  targetScheme: string,
  requirement: string,
  hub: string | undefined,
): Candidate | undefined {
  const direct = graph
    .edgesInto(targetScheme, requirement, sourceScheme)
    .filter((edge) => satisfied(edge, held))
    .map((edge) => directMatch(edge, held));
  const bestDirect = pickBest(direct);
  if (bestDirect && covers(bestDirect.relationship)) return bestDirect;
  const derived = hub ? derivedMatches(graph, sourceScheme, held, hub, targetScheme, requirement) : [];
  return pickBest([...(bestDirect ? [bestDirect] : []), ...derived]);
}

function directMatch(edge: Edge, held: ReadonlySet<string>): Candidate {
  return {
    requirement: edge.target,
    via: edge.sources.filter((s) => held.has(s)),
    relationship: edge.relationship,
    coverage: edge.coverage,
    qualifiers: [...edge.qualifiers],
    derived: false,
    path: [],
    steps: [],
    crosswalks: [edge.crosswalk],
    confidence: edge.confidence,
  };
}

/**
 * Matches chained A → hub → B. For a hub group (e.g. PSTI Schedule 2's all-of 5.1-1 + 5.1-2), the source level must
 * reach every member of an all-of group (any one of an any-of); the level's relationship to the group is then
 * superset-of when it covers every member, intersects-with when it reaches them all but covers some only in part.
 */
function derivedMatches(
  graph: CrosswalkGraph,
  sourceScheme: string,
  held: ReadonlySet<string>,
  hub: string,
  targetScheme: string,
  requirement: string,
): Candidate[] {
  const out: Candidate[] = [];
  for (const second of graph.edgesInto(targetScheme, requirement, hub)) {
    const firstByMember = second.sources.map((member) =>
      pickBestEdge(graph.edgesInto(hub, member, sourceScheme).filter((edge) => satisfied(edge, held))),
    );
    const reached = firstByMember.filter((edge): edge is Edge => edge !== undefined);
    if (second.mode === "any-of" ? reached.length === 0 : reached.length !== second.sources.length) continue;
    const usable = second.mode === "any-of" ? [pickBestEdge(reached) as Edge] : reached;
    const first = groupRelationship(usable);
    if (!first) continue;
    const relationship = compose(first, second.relationship);
    if (!relationship || relationship === "not-related") continue;
    const coverage = covers(relationship)
      ? 1
      : usable.every((e) => e.coverage !== null) && second.coverage !== null
        ? round(Math.min(...usable.map((e) => e.coverage as number)) * second.coverage)
        : null;
    out.push({
      requirement,
      via: [...new Set(usable.flatMap((e) => e.sources.filter((s) => held.has(s))))],
      relationship,
      coverage,
      qualifiers: [...usable.flatMap((e) => e.qualifiers), ...second.qualifiers],
      derived: true,
      path: [
        [...new Set(usable.flatMap((e) => e.sources.filter((s) => held.has(s))))]
          .map((s) => `${sourceScheme}:${s}`)
          .join("+"),
        usable.map((e) => `${hub}:${e.target}`).join("+"),
        `${targetScheme}:${requirement}`,
      ],
      steps: [first, second.relationship],
      crosswalks: [...new Set([...usable.map((e) => e.crosswalk), second.crosswalk])],
      confidence: demote(weakestConfidence([...usable.map((e) => e.confidence), second.confidence])),
    });
  }
  return out;
}

/** How a set of first-hop edges, taken together, relates the source level to the hub group they reach. */
function groupRelationship(edges: readonly Edge[]): Relationship | undefined {
  if (edges.length === 1) return edges[0]?.relationship;
  if (edges.every((e) => covers(e.relationship))) return "superset-of";
  if (edges.every((e) => covers(e.relationship) || overlaps(e.relationship))) return "intersects-with";
  return undefined;
}

const strength: Record<Relationship, number> = {
  equal: 4,
  "superset-of": 4,
  "subset-of": 2,
  "intersects-with": 2,
  "not-related": 0,
};

function pickBestEdge(edges: readonly Edge[]): Edge | undefined {
  return [...edges].sort(
    (a, b) => strength[b.relationship] - strength[a.relationship] || (b.coverage ?? 0) - (a.coverage ?? 0),
  )[0];
}

/** Covered before partial, direct before derived, higher coverage first. */
function pickBest(matches: readonly Candidate[]): Candidate | undefined {
  return [...matches]
    .filter((m) => m.relationship !== "not-related")
    .sort(
      (a, b) =>
        strength[b.relationship] - strength[a.relationship] ||
        Number(a.derived) - Number(b.derived) ||
        (b.coverage ?? 0) - (a.coverage ?? 0),
    )[0];
}

/** Explicit "no counterpart" notes for target requirements, from crosswalks in either direction. */
function targetGapNotes(catalog: CatalogIndex, sourceScheme: string, targetScheme: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const set of catalog.crosswalks(sourceScheme, targetScheme)) {
    for (const gap of set.gaps) if (gap.side === "target") notes.set(gap.requirement, gap.note);
  }
  for (const set of catalog.crosswalks(targetScheme, sourceScheme)) {
    for (const gap of set.gaps) if (gap.side === "source") notes.set(gap.requirement, gap.note);
  }
  return notes;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
