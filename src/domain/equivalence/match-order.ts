import type { Relationship } from "../../contracts/crosswalk.ts";
import type { Edge } from "./crosswalk-graph.ts";

/** How much a relationship says the source gives of the target: full coverage, then part, then nothing. */
const strength: Record<Relationship, number> = {
  equal: 4,
  "superset-of": 4,
  "subset-of": 2,
  "intersects-with": 2,
  "not-related": 0,
};

/** The strongest of several rows into one requirement: covering before overlapping, then higher coverage. */
export function pickBestEdge(edges: readonly Edge[]): Edge | undefined {
  return [...edges].sort(
    (a, b) => strength[b.relationship] - strength[a.relationship] || (b.coverage ?? 0) - (a.coverage ?? 0),
  )[0];
}

interface Ranked {
  relationship: Relationship;
  derived: boolean;
  coverage: number | null;
}

/** Covered before partial, direct before derived, higher coverage first; a not-related match is no match. */
export function pickBest<M extends Ranked>(matches: readonly M[]): M | undefined {
  return [...matches]
    .filter((m) => m.relationship !== "not-related")
    .sort(
      (a, b) =>
        strength[b.relationship] - strength[a.relationship] ||
        Number(a.derived) - Number(b.derived) ||
        (b.coverage ?? 0) - (a.coverage ?? 0),
    )[0];
}
