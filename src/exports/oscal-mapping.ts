import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { CompiledScheme, Crosswalk } from "../catalog/model.ts";
import type { Confidence } from "../contracts/common.ts";
import { inverseRelationship, type Relationship } from "../contracts/crosswalk.ts";
import { demote, weakestConfidence } from "../domain/confidence.ts";
import { compose, covers, overlaps } from "../domain/equivalence/composition.ts";
import { CrosswalkGraph, type Edge } from "../domain/equivalence/crosswalk-graph.ts";
import { controlId, latestDay, metadata, type OscalProp, prop, sourceResource } from "./oscal-common.ts";
import { type Sha1, uuidMinter } from "./uuid.ts";

type Row = Crosswalk["rows"][number];
type RowQualifier = Row["qualifiers"][number];

/** One requirement-level statement `sources REL targets`, direct (a crosswalk row) or derived through the hub. */
export interface MapRow {
  key: string;
  sources: string[];
  targets: string[];
  relationship: Relationship;
  rationale: "syntactic" | "semantic" | "functional" | undefined;
  coverage: number | null;
  confidence: Confidence;
  qualifiers: RowQualifier[];
  props: OscalProp[];
  remarks: string | undefined;
}

const oscalRelationship: Record<Relationship, string> = {
  equal: "equal-to",
  "subset-of": "subset-of",
  "superset-of": "superset-of",
  "intersects-with": "intersects-with",
  "not-related": "no-relationship",
};

/** The author's certainty, on OSCAL's scale: primary text → high, secondary → medium, unconfirmed → low. */
const confidenceCategory: Record<Confidence, string> = { primary: "high", secondary: "medium", unconfirmed: "low" };

/**
 * Our qualifier kinds in OSCAL's terms. `still-requires`: the target asks for more than the source gives (the target
 * has a requirement the holder can address); `condition`: the row holds only under a condition on the source side;
 * `incompatibility`: the two conflict and the gap cannot be closed by adding evidence.
 */
const qualifierTerms = {
  "still-requires": { subject: "target", predicate: "has-requirement", category: "addressable" },
  condition: { subject: "source", predicate: "has-requirement", category: "restricted" },
  incompatibility: { subject: "both", predicate: "has-incompatibility", category: "blocked" },
} as const;

const statusTerms = { draft: "draft", reviewed: "complete", published: "complete" } as const;

/** Rows of one crosswalk set read in the pair's direction: as written, or inverted when the set runs the other way. */
export function directRows(set: Crosswalk, from: string): MapRow[] {
  const forward = set.from.scheme === from;
  return set.rows.flatMap((row): MapRow[] => {
    const sources = typeof row.source === "string" ? [row.source] : row.source.requirements;
    const common = {
      rationale: row.rationale,
      confidence: row.provenance.confidence,
      qualifiers: row.qualifiers,
      remarks: row.note,
      props: [
        prop("crosswalk", set.id),
        prop("row", row.id),
        prop("authority", row.authority),
        prop("strength", String(row.strength)),
        prop("confidence", row.provenance.confidence),
        ...(typeof row.source === "string" ? [] : [prop("source-mode", row.source.mode)]),
      ],
    };
    if (forward) {
      return [
        {
          ...common,
          key: `${set.id}:${row.id}`,
          sources,
          targets: [row.target],
          relationship: row.relationship,
          coverage: row.coverage,
        },
      ];
    }
    // Read backwards, `s REL t` is `t REL⁻¹ s`; an all-of group stays one target set, an any-of group splits.
    const relationship = inverseRelationship(row.relationship);
    const coverage = covers(relationship) ? 1 : relationship === "not-related" ? 0 : null;
    const targetSets =
      typeof row.source !== "string" && row.source.mode === "any-of" ? sources.map((s) => [s]) : [sources];
    return targetSets.map((targets) => ({
      ...common,
      key: `${set.id}:${row.id}:inverse:${targets.join("+")}`,
      sources: [row.target],
      targets,
      relationship,
      coverage,
      props: [...common.props, prop("read", "inverse")],
    }));
  });
}

/**
 * Rows derived through the hub (A → hub → B) for target requirements no direct row reaches, composed with the same
 * table the equivalence engine uses. A hub group of the `all-of` kind is reached only when every member is; each
 * derived row loses one confidence step and says which crosswalks and relationships it chains.
 */
export function derivedRows(
  catalog: CatalogIndex,
  from: CompiledScheme,
  to: CompiledScheme,
  reached: ReadonlySet<string>,
  /** Receives the path of each chain that relates two requirements but that the composition table cannot decide. */
  undecided: string[] = [],
): MapRow[] {
  const hub = catalog.allSchemes().find((s) => s.role === "hub");
  if (!hub || hub.id === from.id || hub.id === to.id) return [];
  const graph = new CrosswalkGraph(catalog.catalog.crosswalks);
  const rowOf = new Map(catalog.catalog.crosswalks.flatMap((set) => set.rows.map((r) => [`${set.id}:${r.id}`, r])));
  const out = new Map<string, MapRow>();
  for (const target of to.requirements) {
    if (reached.has(target.id)) continue;
    for (const second of graph.edgesInto(to.id, target.id, hub.id)) {
      const chains: Edge[][] =
        second.mode === "all-of"
          ? allMembers(second.sources.map((member) => graph.edgesInto(hub.id, member, from.id)))
          : second.sources.flatMap((member) => graph.edgesInto(hub.id, member, from.id).map((e) => [e]));
      for (const firsts of chains) {
        const first = groupRelationship(firsts);
        const relationship = first ? compose(first, second.relationship) : undefined;
        const sources = [...new Set(firsts.flatMap((e) => e.sources))];
        if (!relationship && first && first !== "not-related" && second.relationship !== "not-related") {
          undecided.push([sources.join("+"), firsts.map((e) => e.target).join("+"), target.id].join(" > "));
        }
        if (!relationship || relationship === "not-related") continue;
        const key = `derived:${sources.join("+")}>${target.id}:${[...firsts, second].map((e) => `${e.crosswalk}:${e.row}`).join(",")}`;
        const coverage = covers(relationship)
          ? 1
          : firsts.every((e) => e.coverage !== null) && second.coverage !== null
            ? Math.round(Math.min(...firsts.map((e) => e.coverage as number)) * second.coverage * 1000) / 1000
            : null;
        const confidence = demote(weakestConfidence([...firsts.map((e) => e.confidence), second.confidence]));
        out.set(key, {
          key,
          sources,
          targets: [target.id],
          relationship,
          rationale: undefined,
          coverage,
          confidence,
          qualifiers: [...firsts, second].flatMap((e) => rowOf.get(`${e.crosswalk}:${e.row}`)?.qualifiers ?? []),
          props: [
            prop("derived-via", hub.id),
            prop("path", [sources.join("+"), firsts.map((e) => e.target).join("+"), target.id].join(" > ")),
            prop("steps", [first as string, second.relationship].join(" then ")),
            ...[...new Set([...firsts, second].map((e) => e.crosswalk))].map((id) => prop("crosswalk", id)),
            prop("confidence", confidence),
          ],
          remarks: `Derived through ${hub.name}: not stated by any crosswalk row; Kakehashi's inference.`,
        });
      }
    }
  }
  return [...out.values()];
}

/** Every way to pick one edge per member (members with no edge make the group unreachable). Kept small: best first. */
function allMembers(perMember: readonly (readonly Edge[])[]): Edge[][] {
  if (perMember.some((edges) => edges.length === 0)) return [];
  return [perMember.map((edges) => [...edges].sort((a, b) => rank(b) - rank(a))[0] as Edge)];
}

function rank(edge: Edge): number {
  return (covers(edge.relationship) ? 4 : overlaps(edge.relationship) ? 2 : 0) + (edge.coverage ?? 0);
}

function groupRelationship(edges: readonly Edge[]): Relationship | undefined {
  if (edges.length === 1) return edges[0]?.relationship;
  if (edges.every((e) => covers(e.relationship))) return "superset-of";
  if (edges.every((e) => covers(e.relationship) || overlaps(e.relationship))) return "intersects-with";
  return undefined;
}

/** Everything a mapping export says, before it is dressed as OSCAL: also what the CSV crosswalk export lists. */
export function mappingRows(catalog: CatalogIndex, from: CompiledScheme, to: CompiledScheme) {
  const sets = [...catalog.crosswalks(from.id, to.id), ...catalog.crosswalks(to.id, from.id)];
  const direct = sets.map((set) => ({ set, rows: directRows(set, from.id) }));
  const reached = new Set(direct.flatMap((d) => d.rows.flatMap((r) => r.targets)));
  const undecided: string[] = [];
  return { direct, derived: derivedRows(catalog, from, to, reached, undecided), undecided: [...new Set(undecided)] };
}

/**
 * The OSCAL 1.2.2 Control Mapping (`mapping-collection`) from one scheme to another: one `mapping` per crosswalk set
 * (rows read in this direction, with the set's method and status) and one for the rows derived through the hub;
 * gaps declared by the crosswalks become gap summaries. Returns undefined when nothing relates the two schemes.
 */
export async function oscalMapping(catalog: CatalogIndex, from: CompiledScheme, to: CompiledScheme, sha1: Sha1) {
  const { direct, derived, undecided } = mappingRows(catalog, from, to);
  if (direct.every((d) => d.rows.length === 0) && derived.length === 0) return undefined;
  const uuid = uuidMinter(sha1);
  const pair = `${from.id}>${to.id}`;
  const resource = { from: await uuid(`catalog-resource:${from.id}`), to: await uuid(`catalog-resource:${to.id}`) };

  const map = async (row: MapRow) => ({
    uuid: await uuid(`map:${pair}:${row.key}`),
    ...(row.rationale ? { "matching-rationale": row.rationale } : {}),
    relationship: oscalRelationship[row.relationship],
    sources: row.sources.map((id) => ({ type: "control", "id-ref": controlId(id) })),
    targets: row.targets.map((id) => ({ type: "control", "id-ref": controlId(id) })),
    ...(row.qualifiers.length > 0
      ? { qualifiers: row.qualifiers.map((q) => ({ ...qualifierTerms[q.kind], description: q.text })) }
      : {}),
    "confidence-score": { category: confidenceCategory[row.confidence] },
    ...(row.coverage !== null
      ? { coverage: { "generation-method": "arbitrary", "target-coverage": row.coverage } }
      : {}),
    props: row.props,
    ...(row.remarks ? { remarks: row.remarks } : {}),
  });
  const gapSummary = async (name: string, ids: string[]) =>
    ids.length > 0 ? { uuid: await uuid(name), "unmapped-controls": [{ "with-ids": ids.map(controlId) }] } : undefined;

  const mappings = [];
  for (const { set, rows } of direct) {
    if (rows.length === 0) continue;
    const forward = set.from.scheme === from.id;
    const gaps = (side: "source" | "target") =>
      set.gaps.filter((g) => (g.side === side) === forward).map((g) => g.requirement);
    const sourceGaps = await gapSummary(`gaps:${pair}:${set.id}:source`, gaps("source"));
    const targetGaps = await gapSummary(`gaps:${pair}:${set.id}:target`, gaps("target"));
    mappings.push({
      uuid: await uuid(`mapping:${pair}:${set.id}`),
      method: "human",
      "matching-rationale": mostCommon(rows.map((r) => r.rationale)),
      status: statusTerms[set.status],
      "source-resource": { type: "catalog", href: `#${resource.from}` },
      "target-resource": { type: "catalog", href: `#${resource.to}` },
      maps: await Promise.all(rows.map(map)),
      props: [
        prop("crosswalk", set.id),
        prop("written-by", set.method),
        prop("crosswalk-status", set.status),
        prop("read", forward ? "as-written" : "inverse"),
      ],
      "mapping-description": `${set.title}${forward ? "" : " (read in the opposite direction)"}.`,
      ...(sourceGaps ? { "source-gap-summary": sourceGaps } : {}),
      ...(targetGaps ? { "target-gap-summary": targetGaps } : {}),
    });
  }
  if (derived.length > 0) {
    mappings.push({
      uuid: await uuid(`mapping:${pair}:derived`),
      method: "automation",
      "matching-rationale": "semantic",
      status: "draft",
      "source-resource": { type: "catalog", href: `#${resource.from}` },
      "target-resource": { type: "catalog", href: `#${resource.to}` },
      maps: await Promise.all(derived.map(map)),
      props: [prop("derived", "true")],
      "mapping-description":
        "Rows Kakehashi derives by chaining crosswalks through the hub standard, for target requirements no direct " +
        "row reaches. Each is an inference (one confidence step below the rows it rests on), not a regulator's statement.",
    });
  }

  // Every crosswalk set a row rests on, direct or chained through the hub: their sources are the back matter.
  const used = new Set(derived.flatMap((r) => r.props.filter((p) => p.name === "crosswalk").map((p) => p.value)));
  const sets = [
    ...direct.map((d) => d.set),
    ...catalog.crosswalks().filter((set) => used.has(set.id) && !direct.some((d) => d.set.id === set.id)),
  ];
  const methods = new Set(mappings.map((m) => m.method));
  const hasDraft = mappings.some((m) => m.status === "draft");
  return {
    "mapping-collection": {
      uuid: await uuid(`mapping-collection:${pair}`),
      metadata: metadata({
        title: `${from.name} → ${to.name}`,
        lastModified: latestDay(sets.flatMap((s) => Object.values(s.sources).map((source) => source.published))),
        version: catalog.digest.slice(0, 12),
        catalogDigest: catalog.digest,
        props: [prop("from-scheme", from.id), prop("to-scheme", to.id)],
      }),
      provenance: {
        method: methods.size > 1 ? "hybrid" : methods.has("automation") ? "automation" : "human",
        "matching-rationale": mostCommon(
          mappings.flatMap((m) => m.maps.map((x) => ("matching-rationale" in x ? x["matching-rationale"] : undefined))),
        ),
        status: hasDraft ? "draft" : "complete",
        "mapping-description":
          `Requirement-level relationships (NIST IR 8477 set theory) from ${from.name} to ${to.name}: ` +
          `${direct.length} crosswalk set(s) stated between the two schemes` +
          `${derived.length > 0 ? `, and ${derived.length} row(s) derived through the hub standard` : ""}. ` +
          // A chain the composition table cannot decide has no OSCAL relationship to be written as; it is said here so
          // that its absence from the maps is not read as "not related" (the equivalence answer calls it undetermined).
          `${undecided.length > 0 ? `${undecided.length} chain(s) through the hub relate requirements but cannot be decided, so they are not listed as maps (undetermined): ${undecided.join("; ")}. ` : ""}` +
          "Coverage is the fraction of the target requirement the sources meet; confidence high/medium/low stands " +
          "for a primary source, a secondary source, or no confirming source. Nothing may be inferred from a pair that " +
          "is not mapped.",
      },
      mappings,
      "back-matter": {
        resources: [
          ...[from, to].map((scheme) => ({
            uuid: resource[scheme === from ? "from" : "to"],
            title: `${scheme.name} (OSCAL catalog)`,
            rlinks: [
              { href: `/v1/exports/oscal/catalogs/${encodeURIComponent(scheme.id)}`, "media-type": "application/json" },
            ],
          })),
          ...(await Promise.all(
            sets.flatMap((set) =>
              Object.entries(set.sources)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(async ([key, source]) => sourceResource(await uuid(`source:${set.id}:${key}`), source)),
            ),
          )),
        ],
      },
    },
  };
}

function mostCommon(values: readonly (string | undefined)[]): "syntactic" | "semantic" | "functional" {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return (best as "syntactic" | "semantic" | "functional" | undefined) ?? "semantic";
}
