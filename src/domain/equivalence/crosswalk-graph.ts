import type { Crosswalk } from "../../catalog/model.ts";
import type { Confidence } from "../../contracts/common.ts";
import { inverseRelationship, type Relationship } from "../../contracts/crosswalk.ts";

/**
 * One crosswalk row as an edge into a target requirement, in whichever direction it is read. A row `s REL t` gives a
 * forward edge into t; a single-source row also gives an inverted edge `t REL⁻¹ s` into s. What an inverted row
 * covers is known only where the inverse is a superset or equal (then all of it); otherwise its coverage is null.
 */
export interface Edge {
  sourceScheme: string;
  sources: readonly string[];
  mode: "single" | "all-of" | "any-of";
  targetScheme: string;
  target: string;
  relationship: Relationship;
  coverage: number | null;
  qualifiers: readonly string[];
  authority: "normative" | "informative";
  confidence: Confidence;
  crosswalk: string;
  row: string;
  inverted: boolean;
}

/** All crosswalk rows of a catalog, indexed by target requirement, read in both directions. Built once per catalog. */
export class CrosswalkGraph {
  private readonly into = new Map<string, Edge[]>();
  /** `scheme\0requirement\0toScheme` for every requirement that some row relates to a requirement of toScheme. */
  private readonly mapped = new Set<string>();

  constructor(crosswalks: readonly Crosswalk[]) {
    for (const set of crosswalks) {
      for (const row of set.rows) {
        const grouped = typeof row.source !== "string";
        const sources = typeof row.source === "string" ? [row.source] : row.source.requirements;
        const common = {
          qualifiers: row.qualifiers.map((q) => `${q.kind}: ${q.text}`),
          authority: row.authority,
          confidence: row.provenance.confidence,
          crosswalk: set.id,
          row: row.id,
        };
        this.add({
          ...common,
          sourceScheme: set.from.scheme,
          sources,
          mode: typeof row.source === "string" ? "single" : row.source.mode,
          targetScheme: set.to.scheme,
          target: row.target,
          relationship: row.relationship,
          coverage: row.coverage,
          inverted: false,
        });
        if (grouped) continue; // a group has no single inverse
        const relationship = inverseRelationship(row.relationship);
        this.add({
          ...common,
          sourceScheme: set.to.scheme,
          sources: [row.target],
          mode: "single",
          targetScheme: set.from.scheme,
          target: sources[0] ?? "",
          relationship,
          coverage:
            relationship === "equal" || relationship === "superset-of" ? 1 : relationship === "not-related" ? 0 : null,
          inverted: true,
        });
      }
    }
  }

  /** Edges into `scheme:requirement` whose sources lie in `fromScheme`. */
  edgesInto(scheme: string, requirement: string, fromScheme: string): readonly Edge[] {
    return (this.into.get(`${scheme}\u0000${requirement}`) ?? []).filter((edge) => edge.sourceScheme === fromScheme);
  }

  /** Whether any row relates `scheme:requirement` (alone or in a group) to some requirement of `toScheme`. */
  isMapped(scheme: string, requirement: string, toScheme: string): boolean {
    return this.mapped.has(`${scheme}\u0000${requirement}\u0000${toScheme}`);
  }

  private add(edge: Edge): void {
    for (const source of edge.sources) this.mapped.add(`${edge.sourceScheme}\u0000${source}\u0000${edge.targetScheme}`);
    const key = `${edge.targetScheme}\u0000${edge.target}`;
    const list = this.into.get(key);
    if (list) list.push(edge);
    else this.into.set(key, [edge]);
  }
}

/** Whether a set of held requirements satisfies an edge's source side (all of a group, any of an any-of). */
export function satisfied(edge: Edge, held: ReadonlySet<string>): boolean {
  return edge.mode === "any-of" ? edge.sources.some((s) => held.has(s)) : edge.sources.every((s) => held.has(s));
}
