import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { Confidence } from "../../contracts/common.ts";
import type { Relationship } from "../../contracts/crosswalk.ts";
import type { CoverageLevel, Match, ProvisionStanding, Undetermined } from "../../contracts/equivalence.ts";
import { demote, weakestConfidence } from "../confidence.ts";
import { compose, covers, overlaps } from "./composition.ts";
import { type CrosswalkGraph, type Edge, satisfied } from "./crosswalk-graph.ts";
import { pickBest, pickBestEdge } from "./match-order.ts";

/**
 * Content coverage: for each level of the target scheme, each of its requirements in one of five states —
 * covered (equal / superset, or a satisfied all-of group), partial (subset / intersects), undetermined (the rows
 * relate the two but cannot decide, or the source level is not fully mapped), missing (a claim of absence, earned:
 * see `absence`) and no mapping data. Rows stated between the two schemes come first; else matches are derived
 * through the hub with the composition table. The rule and why it is sound: docs/data-model.md, "Derived matches".
 */
export function coverageOf(
  catalog: CatalogIndex,
  graph: CrosswalkGraph,
  source: { scheme: CompiledScheme; level: CompiledLevel },
  target: CompiledScheme,
): { bestCoveredLevel: string | null; levels: CoverageLevel[] } {
  const hub = catalog.allSchemes().find((s) => s.role === "hub");
  const question: Question = {
    graph,
    sourceScheme: source.scheme.id,
    held: new Set(source.level.allRequirements),
    targetScheme: target.id,
    hub: hub && hub.id !== source.scheme.id && hub.id !== target.id ? hub.id : undefined,
  };
  const gaps = targetGapNotes(catalog, source.scheme.id, target.id);
  const unmapped = {
    direct: unmappedHeld(catalog, question, target.id),
    hub: question.hub ? unmappedHeld(catalog, question, question.hub) : [],
  };
  const judged = new Map<string, Judgement>();
  const judge = (requirement: string) => {
    let judgement = judged.get(requirement);
    if (!judgement) {
      judgement = judgeRequirement(question, requirement, gaps.get(requirement) ?? null, unmapped);
      judged.set(requirement, judgement);
    }
    return judgement;
  };

  const levels = target.levels.map((level): CoverageLevel => {
    const out: Pick<CoverageLevel, "covered" | "partial" | "missing" | "undetermined" | "noMapping"> = {
      covered: [],
      partial: [],
      missing: [],
      undetermined: [],
      noMapping: [],
    };
    for (const requirement of level.allRequirements) {
      const known = catalog.requirement(target.id, requirement);
      const named = { title: known?.title ?? null, work: known?.work ?? null };
      const j = judge(requirement);
      if (j.state === "covered" || j.state === "partial") out[j.state].push(withNames(j.match, named));
      else if (j.state === "undetermined") out.undetermined.push({ requirement, ...named, ...j.undetermined });
      else if (j.state === "missing" || j.state === "noMapping") {
        out[j.state].push({ requirement, ...named, gapNote: j.gapNote, provisions: j.provisions });
      }
    }
    const total = level.allRequirements.length;
    return {
      level: level.id,
      criteriaPublished: level.status === "available",
      requirements: total,
      ratio: total === 0 ? 0 : out.covered.length / total,
      ...out,
    };
  });

  // Highest level whose published criteria are all covered; an unpublished level is never "covered".
  const best = [...levels].reverse().find((l) => l.criteriaPublished && l.requirements > 0 && l.ratio === 1);
  return { bestCoveredLevel: best?.level ?? null, levels };
}

/** What one coverage question is about: which requirements the source level holds, and the hub to chain through. */
interface Question {
  graph: CrosswalkGraph;
  sourceScheme: string;
  held: ReadonlySet<string>;
  targetScheme: string;
  hub: string | undefined;
}

/** The held requirements no row maps toward a scheme (and no crosswalk declares without counterpart there). */
interface Unmapped {
  direct: readonly string[];
  hub: readonly string[];
}

type Judgement =
  | { state: "covered" | "partial"; match: Candidate }
  | { state: "undetermined"; undetermined: Omit<Undetermined, "requirement" | "title" | "work"> }
  | { state: "missing" | "noMapping"; gapNote: string | null; provisions: ProvisionStanding[] };

/** A match before the target requirement's title and kind of work are attached. */
type Candidate = Omit<Match, "title" | "work">;

/** The match with the target requirement's title (and work) next to its id, so that no answer lists a bare id. */
function withNames(match: Candidate, named: Pick<Match, "title" | "work">): Match {
  const { requirement, ...rest } = match;
  return { requirement, ...named, ...rest };
}

/**
 * One target requirement's state. Covered and partial need a row (or a chain the composition table decides);
 * undetermined needs a chain it cannot decide, or a source level not fully mapped; missing must be earned (`absence`).
 */
function judgeRequirement(q: Question, requirement: string, gapNote: string | null, unmapped: Unmapped): Judgement {
  const provisions = q.hub ? provisionStandings(q, requirement, q.hub, unmapped.hub.length === 0) : [];
  const { best, undecided } = bestMatch(q, requirement);
  if (best) return { state: covers(best.relationship) ? "covered" : "partial", match: { ...best, provisions } };
  // A crosswalk's explicit "no counterpart" is a stated absence, read before anything derived.
  if (gapNote !== null) return { state: "missing", gapNote, provisions };
  if (undecided.length > 0) {
    return {
      state: "undetermined",
      undetermined: {
        reason: "chain-undecided",
        paths: undecided.map((c) => c.path),
        steps: undecided.map((c) => c.steps),
        unmappedSource: [],
        provisions,
        confidence: weakestConfidence(undecided.map((c) => c.confidence)),
      },
    };
  }
  const absence = absenceOf(q, requirement, provisions, unmapped);
  if (absence.state === "missing") return { state: "missing", gapNote: null, provisions };
  if (absence.state === "undetermined") {
    return {
      state: "undetermined",
      undetermined: {
        reason: "source-not-mapped",
        paths: [],
        steps: [],
        unmappedSource: absence.unmappedSource,
        provisions,
        confidence: "unconfirmed",
      },
    };
  }
  return { state: "noMapping", gapNote: null, provisions };
}

/**
 * When nothing relates the source level to the requirement, may we say "missing"? Only where the requirement is mapped
 * (rows link it to the source scheme directly, or to hub provisions the source scheme is mapped against) and every
 * requirement the level holds is mapped the same way: crosswalks are reviewed as complete statements of what relates,
 * so a row that is not there says "not related" — but only about requirements somebody has mapped.
 */
function absenceOf(
  q: Question,
  requirement: string,
  provisions: readonly ProvisionStanding[],
  unmapped: Unmapped,
): { state: "missing" | "noMapping" } | { state: "undetermined"; unmappedSource: string[] } {
  const directlyMapped = q.graph.edgesInto(q.targetScheme, requirement, q.sourceScheme).length > 0;
  const sourceOnHub = q.hub !== undefined && [...q.held].some((r) => q.graph.isMapped(q.sourceScheme, r, q.hub ?? ""));
  const hubMapped = provisions.length > 0 && sourceOnHub;
  if (!directlyMapped && !hubMapped) return { state: "noMapping" };
  // Absence through direct rows needs the level mapped directly; through the hub, mapped to the hub.
  const gaps = directlyMapped && unmapped.direct.length === 0 ? [] : hubMapped ? unmapped.hub : unmapped.direct;
  return gaps.length === 0 ? { state: "missing" } : { state: "undetermined", unmappedSource: [...gaps] };
}

/**
 * The held requirements that say nothing toward `toScheme`: no row maps them there and no crosswalk declares them
 * compared and without counterpart there (a gap whose reason is that the text is unknown is no such declaration).
 */
function unmappedHeld(catalog: CatalogIndex, q: Question, toScheme: string): string[] {
  const declared = sourceGapRequirements(catalog, q.sourceScheme, toScheme);
  return [...q.held].filter((r) => !q.graph.isMapped(q.sourceScheme, r, toScheme) && !declared.has(r));
}

/** Direct rows first; the hub only where no direct row covers the requirement. Covered beats partial. */
function bestMatch(q: Question, requirement: string): { best: Candidate | undefined; undecided: Chain[] } {
  const direct = q.graph
    .edgesInto(q.targetScheme, requirement, q.sourceScheme)
    .filter((edge) => satisfied(edge, q.held))
    .map((edge) => directMatch(edge, q.held));
  const bestDirect = pickBest(direct);
  if (bestDirect && covers(bestDirect.relationship)) return { best: bestDirect, undecided: [] };
  const chains = q.hub ? hubChains(q, requirement, q.hub) : [];
  const decided = chains.filter((c): c is Chain & { relationship: Relationship } => c.relationship !== undefined);
  const best = pickBest([...(bestDirect ? [bestDirect] : []), ...decided.map(chainMatch)]);
  return { best, undecided: chains.filter((c) => c.relationship === undefined) };
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
    provisions: [],
  };
}

/** A chain source level → hub group → target requirement; `relationship` undefined where the table cannot decide. */
interface Chain {
  requirement: string;
  first: readonly Edge[];
  second: Edge;
  relationship: Relationship | undefined;
  via: string[];
  path: string[];
  steps: Relationship[];
  crosswalks: string[];
  confidence: Confidence;
}

/**
 * Chains A → hub → B. For a hub group (e.g. PSTI Schedule 2's all-of 5.1-1 + 5.1-2), the source level must reach
 * every member of an all-of group (any one of an any-of) for the chain to decide anything; the level's relationship
 * to the group is then superset-of when it covers every member, intersects-with when it reaches them all but covers
 * some only in part. A chain whose composition the table leaves blank, or a group reached only in part, is kept,
 * undecided: it is why the requirement is undetermined, not missing. Not-related rows are dropped: they say nothing
 * is there.
 */
function hubChains(q: Question, requirement: string, hub: string): Chain[] {
  const out: Chain[] = [];
  for (const second of q.graph.edgesInto(q.targetScheme, requirement, hub)) {
    const firstByMember = second.sources.map((member) =>
      pickBestEdge(q.graph.edgesInto(hub, member, q.sourceScheme).filter((edge) => satisfied(edge, q.held))),
    );
    const reached = firstByMember.filter((edge): edge is Edge => edge !== undefined);
    const related = reached.filter((edge) => edge.relationship !== "not-related");
    if (second.relationship === "not-related" || related.length === 0) continue;
    // An all-of group the level reaches only in part (or with a member explicitly unrelated) still relates the two:
    // the chain is kept, undecided, so the requirement reads undetermined, never missing.
    const whole = second.mode === "any-of" || related.length === second.sources.length;
    const usable = second.mode === "any-of" ? [pickBestEdge(related) as Edge] : related;
    const grouped = whole ? groupRelationship(usable) : undefined;
    // The step shown for an undecided group is its best member's own row (a real row's relationship).
    const first = grouped ?? (pickBestEdge(usable) as Edge).relationship;
    const via = [...new Set(usable.flatMap((e) => e.sources.filter((s) => q.held.has(s))))];
    out.push({
      requirement,
      first: usable,
      second,
      relationship: grouped ? compose(grouped, second.relationship) : undefined,
      via,
      path: [
        via.map((s) => `${q.sourceScheme}:${s}`).join("+"),
        usable.map((e) => `${hub}:${e.target}`).join("+"),
        `${q.targetScheme}:${requirement}`,
      ],
      steps: [first, second.relationship],
      crosswalks: [...new Set([...usable.map((e) => e.crosswalk), second.crosswalk])],
      // A derived statement is never stronger than its weakest row, and loses a step for the hop.
      confidence: demote(weakestConfidence([...usable.map((e) => e.confidence), second.confidence])),
    });
  }
  return out;
}

function chainMatch(chain: Chain & { relationship: Relationship }): Candidate {
  const { first, second, relationship } = chain;
  const coverage = covers(relationship)
    ? 1
    : first.every((e) => e.coverage !== null) && second.coverage !== null
      ? round(Math.min(...first.map((e) => e.coverage as number)) * second.coverage)
      : null;
  return {
    requirement: chain.requirement,
    via: chain.via,
    relationship,
    coverage,
    qualifiers: [...first.flatMap((e) => e.qualifiers), ...second.qualifiers],
    derived: true,
    path: chain.path,
    steps: chain.steps,
    crosswalks: chain.crosswalks,
    confidence: chain.confidence,
    provisions: [],
  };
}

/**
 * The hub provisions a target requirement corresponds to, and how the source level stands on each: provided (a held
 * requirement covers it), partly provided, not provided (nothing held relates and the level is fully mapped to the
 * hub) or unknown. `decided` says whether that provision's chain says anything about the target.
 */
function provisionStandings(q: Question, requirement: string, hub: string, levelMapped: boolean): ProvisionStanding[] {
  const out: ProvisionStanding[] = [];
  const seen = new Set<string>();
  for (const second of q.graph.edgesInto(q.targetScheme, requirement, hub)) {
    for (const provision of second.sources) {
      const key = `${provision}\u0000${second.relationship}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const first = pickBestEdge(q.graph.edgesInto(hub, provision, q.sourceScheme).filter((e) => satisfied(e, q.held)));
      const related = first && first.relationship !== "not-related" ? first : undefined;
      const standing: ProvisionStanding["standing"] = related
        ? covers(related.relationship)
          ? "provided"
          : "partly-provided"
        : levelMapped
          ? "not-provided"
          : "unknown";
      const single = second.sources.length === 1;
      out.push({
        provision: `${hub}:${provision}`,
        toTarget: second.relationship,
        inGroup: !single,
        standing,
        relationship: related?.relationship ?? null,
        via: related ? related.sources.filter((s) => q.held.has(s)) : [],
        // Inside a group a member's own relation to the target is not stated, so only the group decides.
        decided:
          related !== undefined &&
          single &&
          second.relationship !== "not-related" &&
          compose(related.relationship, second.relationship) !== undefined,
        confidence: weakestConfidence([...(related ? [related.confidence] : []), second.confidence]),
      });
    }
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

/** Explicit "no counterpart" notes for target requirements, from crosswalks in either direction (not unknown texts). */
function targetGapNotes(catalog: CatalogIndex, sourceScheme: string, targetScheme: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const set of catalog.crosswalks(sourceScheme, targetScheme)) {
    for (const gap of set.gaps)
      if (gap.side === "target" && gap.reason === "no-counterpart") notes.set(gap.requirement, gap.note);
  }
  for (const set of catalog.crosswalks(targetScheme, sourceScheme)) {
    for (const gap of set.gaps)
      if (gap.side === "source" && gap.reason === "no-counterpart") notes.set(gap.requirement, gap.note);
  }
  return notes;
}

/** Requirements of `scheme` that a crosswalk with `other` compared and declares to have no counterpart there. */
function sourceGapRequirements(catalog: CatalogIndex, scheme: string, other: string): Set<string> {
  const out = new Set<string>();
  const compared = (gap: { reason: string }) => gap.reason === "no-counterpart";
  for (const set of catalog.crosswalks(scheme, other)) {
    for (const gap of set.gaps) if (gap.side === "source" && compared(gap)) out.add(gap.requirement);
  }
  for (const set of catalog.crosswalks(other, scheme)) {
    for (const gap of set.gaps) if (gap.side === "target" && compared(gap)) out.add(gap.requirement);
  }
  return out;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
