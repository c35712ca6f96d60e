import type { Confidence } from "../../contracts/common.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import { pathText, type RequirementState, stepText } from "../components.tsx";
import type { PageContext } from "../page-context.ts";

/**
 * A target scheme's coverage as table rows in the page's language, and its levels grouped where their rows are
 * identical (EU CRA's conformity routes share Annex I; JC-STAR's draft levels repeat ★1), for CoverageTables.
 *
 * The groups are kept per catalog, coverage and language (issue 22): the engine computes a source level's coverage
 * of a target scheme once per catalog whatever the date and category (domain/equivalence/coverage-memo.ts), so a
 * label page's 21 or so levels, each a table serialised to compare it, were grouped again on every page — a sixth
 * of a label page's render. Shared groups must not be mutated.
 */

interface Row {
  requirement: string;
  state: RequirementState;
  via: string[];
  derived: string | null;
  /** For derived, undetermined and not-primary rows: the weakest confidence the row rests on. */
  confidence: Confidence | null;
  provisions: readonly ProvisionStanding[];
  /** Why an undetermined row is undetermined, as message values. */
  undetermined: { reason: "chain-undecided" | "source-not-mapped"; path: string; ids: string } | null;
}

export type CoverageLevel = EquivalenceAnswer["coverage"]["levels"][number];
export type ProvisionStanding = CoverageLevel["covered"][number]["provisions"][number];

function rowsOf(ctx: PageContext, scheme: string, level: CoverageLevel): Row[] {
  const state = new Map<string, Row>();
  const matched = (m: CoverageLevel["covered"][number], s: RequirementState): Row => ({
    requirement: m.requirement,
    state: s,
    via: m.via,
    derived: m.derived ? pathText(ctx, m.path) : null,
    // Every row that is not a regulator's own text says so: derived rows and our own analysis alike.
    confidence: m.derived || m.confidence !== "primary" ? m.confidence : null,
    provisions: m.provisions,
    undetermined: null,
  });
  const unmatched = (m: CoverageLevel["missing"][number], s: RequirementState): Row => ({
    requirement: m.requirement,
    state: s,
    via: [],
    derived: null,
    confidence: null,
    provisions: m.provisions,
    undetermined: null,
  });
  for (const m of level.covered) state.set(m.requirement, matched(m, "covered"));
  for (const m of level.partial) state.set(m.requirement, matched(m, "partial"));
  for (const u of level.undetermined)
    state.set(u.requirement, {
      requirement: u.requirement,
      state: "undetermined",
      via: [...new Set(u.paths.map((p) => p[0] ?? ""))].filter(Boolean),
      derived: null,
      confidence: u.confidence,
      provisions: u.provisions,
      undetermined: {
        reason: u.reason,
        path: u.paths.map((p) => pathText(ctx, p)).join("; "),
        ids: u.unmappedSource.map((id) => stepText(ctx, id)).join(", "),
      },
    });
  for (const m of level.missing) state.set(m.requirement, unmatched(m, "missing"));
  for (const m of level.noMapping) state.set(m.requirement, unmatched(m, "noMapping"));
  const order = ctx.catalog.level(scheme, level.level)?.allRequirements ?? [...state.keys()];
  return order.map((id) => state.get(id)).filter((r): r is Row => r !== undefined);
}

export interface Group {
  levels: CoverageLevel[];
  rows: Row[];
}

const memo = new WeakMap<PageContext["catalog"], WeakMap<readonly CoverageLevel[], Map<string, Group[]>>>();

export function coverageGroups(ctx: PageContext, scheme: string, levels: readonly CoverageLevel[]): readonly Group[] {
  let byCoverage = memo.get(ctx.catalog);
  if (!byCoverage) {
    byCoverage = new WeakMap();
    memo.set(ctx.catalog, byCoverage);
  }
  let byLang = byCoverage.get(levels);
  if (!byLang) {
    byLang = new Map();
    byCoverage.set(levels, byLang);
  }
  // The scheme is the coverage's own target; it is in the key only so that a caller passing another cannot be served
  // rows ordered by the wrong scheme's requirement list.
  const key = `${ctx.lang}\u0000${scheme}`;
  let groups = byLang.get(key);
  if (!groups) {
    groups = groupLevels(ctx, scheme, levels);
    byLang.set(key, groups);
  }
  return groups;
}

function groupLevels(ctx: PageContext, scheme: string, levels: readonly CoverageLevel[]): Group[] {
  const groups: Group[] = [];
  // Each group's rows are serialised once, as its key, not again for every level compared with it.
  const byKey = new Map<string, Group>();
  for (const level of levels) {
    const rows = rowsOf(ctx, scheme, level);
    // Levels without rows are told apart by their status ("lists no requirements" vs "criteria not published").
    const key = JSON.stringify(rows) + (rows.length === 0 ? String(level.criteriaPublished) : "");
    const same = byKey.get(key);
    if (same) same.levels.push(level);
    else {
      const group = { levels: [level], rows };
      byKey.set(key, group);
      groups.push(group);
    }
  }
  return groups;
}
