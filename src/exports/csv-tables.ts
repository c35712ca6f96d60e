import type { CompiledScheme, Crosswalk } from "../catalog/model.ts";
import type { EquivalenceAnswer, EquivalenceMatrix } from "../contracts/equivalence.ts";
import type { CsvTable } from "./csv.ts";

/**
 * The four CSV exports as tables. Their header rows are part of the API (documented in the OpenAPI description from
 * the `columns` lists below); list cells are `;`-separated, multi-part cells (qualifiers, citations) one item a line.
 */

export const crosswalkColumns = [
  "crosswalk",
  "from_scheme",
  "from_version",
  "to_scheme",
  "to_version",
  "row",
  "source_mode",
  "source",
  "target",
  "relationship",
  "rationale",
  "strength",
  "coverage",
  "authority",
  "qualifiers",
  "note",
  "confidence",
  "cites",
  "provenance_note",
] as const;

/** Crosswalk rows exactly as the sets state them (one line per row, in the set's own direction). */
export function crosswalkTable(sets: readonly Crosswalk[]): CsvTable {
  return {
    header: crosswalkColumns,
    rows: sets.flatMap((set) =>
      set.rows.map((row) => [
        set.id,
        set.from.scheme,
        set.from.version,
        set.to.scheme,
        set.to.version,
        row.id,
        typeof row.source === "string" ? "single" : row.source.mode,
        typeof row.source === "string" ? row.source : row.source.requirements.join(";"),
        row.target,
        row.relationship,
        row.rationale,
        row.strength,
        row.coverage,
        row.authority,
        row.qualifiers.map((q) => `${q.kind}: ${q.text}`).join("\n"),
        row.note,
        row.provenance.confidence,
        row.provenance.cites.map((c) => (c.locator ? `${c.source}: ${c.locator}` : c.source)).join("\n"),
        row.provenance.note,
      ]),
    ),
  };
}

export const matrixColumns = [
  "as_of",
  "category",
  "from_scheme",
  "from_level",
  "to_scheme",
  "verdict",
  "best_covered_level",
  "assurance_gap",
  "rules",
  "confidence",
  "to_level",
  "criteria_published",
  "covered",
  "partial",
  "missing",
  "undetermined",
  "no_mapping",
] as const;

/** The matrix in long form: one line per (home level × foreign scheme × target level). */
export function matrixTable(matrix: EquivalenceMatrix): CsvTable {
  return {
    header: matrixColumns,
    rows: matrix.cells.flatMap((cell) =>
      cell.levels.map((level) => [
        matrix.asOf,
        matrix.category,
        cell.from.scheme,
        cell.from.level,
        cell.to,
        cell.verdict,
        cell.bestCoveredLevel,
        cell.assuranceGap,
        cell.rules.map((r) => `${r.arrangement}/${r.rule}: ${r.effect} → ${r.toLevel}`).join(";"),
        cell.confidence,
        level.level,
        level.criteriaPublished,
        level.covered,
        level.partial,
        level.missing,
        level.undetermined,
        level.noMapping,
      ]),
    ),
  };
}

export const equivalenceColumns = [
  "as_of",
  "from_scheme",
  "from_level",
  "to_scheme",
  "to_level",
  "requirement",
  "title",
  "state",
  "relationship",
  "coverage",
  "via",
  "derived",
  "path",
  "crosswalks",
  "confidence",
  "qualifiers",
  "gap_note",
  "undetermined_reason",
  "provisions",
] as const;

type Level = EquivalenceAnswer["coverage"]["levels"][number];
type Standing = Level["covered"][number]["provisions"][number];

/**
 * Entries of the `no-mapping` and `undetermined` states, and the provision standings, are absent from older answers
 * (a stored credential's, say): then every unmatched requirement is `missing`, as those answers said.
 */
interface Unmatched {
  requirement: string;
  title?: string | null;
  gapNote?: string | null;
  provisions?: readonly Standing[];
}

/** "hub:5.3-1 provided; hub:5.3-6 partly-provided (undecided)": the hub provisions behind one target requirement. */
function provisionCell(provisions: readonly Standing[] | undefined): string | null {
  if (!provisions || provisions.length === 0) return null;
  return provisions
    .map((p) => `${p.provision} ${p.standing}${p.standing === "partly-provided" && !p.decided ? " (undecided)" : ""}`)
    .join(";");
}

/** One equivalence answer's requirement list: each target level's requirements with their state. */
export function equivalenceTable(answer: EquivalenceAnswer): CsvTable {
  const head = [answer.asOf, answer.from.scheme, answer.from.level, answer.to.scheme] as const;
  return {
    header: equivalenceColumns,
    rows: answer.coverage.levels.flatMap((level) => {
      const optional = level as Partial<Pick<Level, "noMapping" | "undetermined">>;
      const matched = (state: string, list: typeof level.covered) =>
        list.map((m) => [
          ...head,
          level.level,
          m.requirement,
          (m as { title?: string | null }).title ?? null,
          state,
          m.relationship,
          m.coverage,
          m.via.join(";"),
          m.derived,
          m.path.join(" > "),
          m.crosswalks.join(";"),
          m.confidence,
          m.qualifiers.join("\n"),
          null,
          null,
          provisionCell((m as { provisions?: Standing[] }).provisions),
        ]);
      const unmatched = (state: string, list: readonly Unmatched[]) =>
        list.map((m) => [
          ...head,
          level.level,
          m.requirement,
          m.title ?? null,
          state,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          m.gapNote ?? null,
          null,
          provisionCell(m.provisions),
        ]);
      const undetermined = (optional.undetermined ?? []).map((u) => [
        ...head,
        level.level,
        u.requirement,
        u.title,
        "undetermined",
        null,
        null,
        [...new Set(u.paths.map((p) => p[0]))].join(";") || null,
        u.paths.length > 0,
        u.paths.map((p) => p.join(" > ")).join(";") || null,
        null,
        u.confidence,
        null,
        null,
        u.unmappedSource.length > 0 ? `${u.reason}: ${u.unmappedSource.join(";")}` : u.reason,
        provisionCell(u.provisions),
      ]);
      return [
        ...matched("covered", level.covered),
        ...matched("partial", level.partial),
        ...undetermined,
        ...unmatched("missing", level.missing),
        ...unmatched("no-mapping", optional.noMapping ?? []),
      ];
    }),
  };
}

export const requirementColumns = [
  "scheme",
  "requirement",
  "group",
  "title",
  "title_ja",
  "summary",
  "normativity",
  "condition",
  "evidence",
  "version",
  "levels",
  "confidence",
  "cites",
] as const;

/** A scheme's requirements, in the scheme's order, with the levels that demand each. */
export function requirementTable(scheme: CompiledScheme): CsvTable {
  return {
    header: requirementColumns,
    rows: scheme.requirements.map((r) => [
      scheme.id,
      r.id,
      r.group,
      r.title,
      r.titleJa,
      r.summary,
      r.normativity,
      r.condition,
      r.evidence.join(";"),
      r.version,
      scheme.levels
        .filter((l) => l.allRequirements.includes(r.id))
        .map((l) => l.id)
        .join(";"),
      r.provenance.confidence,
      r.provenance.cites.map((c) => (c.locator ? `${c.source}: ${c.locator}` : c.source)).join("\n"),
    ]),
  };
}
