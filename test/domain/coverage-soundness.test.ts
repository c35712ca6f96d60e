import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import type { CompiledScheme, Crosswalk } from "../../src/catalog/model.ts";
import { type Confidence, confidenceOrder } from "../../src/contracts/common.ts";
import type { Relationship } from "../../src/contracts/crosswalk.ts";
import type { CoverageLevel } from "../../src/contracts/equivalence.ts";
import { coverageOf } from "../../src/domain/equivalence/coverage.ts";
import { CrosswalkGraph } from "../../src/domain/equivalence/crosswalk-graph.ts";

/**
 * The coverage states checked against a model where every requirement really is a set: requirements of a source
 * scheme A, a hub H and a target scheme B are random sets of "atoms" (things a product must do), crosswalk rows state
 * the true set relationship between some pairs, and the engine, which sees only the rows, must never claim more than
 * the sets allow: covered ⇒ the level's union contains the target; partial ⇒ they share an atom; missing (when the
 * rows are complete) ⇒ they share none. The hub's provisions together hold every atom, as the hub standard is meant to.
 */

const ATOMS = 10;
const nonEmpty = fc.uniqueArray(fc.integer({ min: 0, max: ATOMS - 1 }), { minLength: 1, maxLength: 5 });
const confidence = fc.constantFrom<Confidence>("primary", "secondary", "unconfirmed");

interface World {
  a: number[][];
  h: number[][];
  b: number[][];
  held: number[];
  /** Which pairs get a row (A→H and B→H), by index into the pair list; `complete` states every related pair. */
  keepA: boolean[];
  keepB: boolean[];
  confA: Confidence[];
  confB: Confidence[];
}

const world: fc.Arbitrary<World> = fc
  .record({
    a: fc.array(nonEmpty, { minLength: 1, maxLength: 4 }),
    hExtra: fc.array(nonEmpty, { minLength: 1, maxLength: 4 }),
    b: fc.array(nonEmpty, { minLength: 1, maxLength: 4 }),
    heldMask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    keep: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    conf: fc.array(confidence, { minLength: 64, maxLength: 64 }),
  })
  .map(({ a, hExtra, b, heldMask, keep, conf }) => {
    // The hub's provisions cover every atom: the random ones plus one provision per atom none of them holds.
    const covered = new Set(hExtra.flat());
    const h = [...hExtra, ...[...Array(ATOMS).keys()].filter((x) => !covered.has(x)).map((x) => [x])];
    const held = a.map((_, i) => i).filter((i) => heldMask[i] ?? false);
    return {
      a,
      h,
      b,
      held: held.length > 0 ? held : [0],
      keepA: keep.slice(0, 32),
      keepB: keep.slice(32),
      confA: conf.slice(0, 32),
      confB: conf.slice(32),
    };
  });

function relation(x: readonly number[], y: readonly number[]): Relationship {
  const xs = new Set(x);
  const ys = new Set(y);
  const inY = x.filter((v) => ys.has(v)).length;
  if (inY === 0) return "not-related";
  const xInY = inY === xs.size;
  const yInX = y.every((v) => xs.has(v));
  if (xInY && yInX) return "equal";
  if (xInY) return "subset-of";
  if (yInX) return "superset-of";
  return "intersects-with";
}

function row(id: string, source: string, target: string, relationship: Relationship, c: Confidence) {
  return {
    id,
    source,
    target,
    relationship,
    rationale: "semantic",
    strength: 5,
    coverage: relationship === "equal" || relationship === "superset-of" ? 1 : null,
    authority: "informative",
    qualifiers: [],
    note: null,
    provenance: { confidence: c, cites: [], note: null },
  };
}

/** Rows A→H and B→H stating the true relationship of each related pair kept (all of them when `complete`). */
function crosswalks(w: World, complete: boolean): Crosswalk[] {
  const set = (id: string, from: string, reqs: number[][], keep: boolean[], conf: Confidence[]) => {
    const rows = [];
    let n = 0;
    for (const [i, r] of reqs.entries()) {
      for (const [j, p] of w.h.entries()) {
        const rel = relation(r, p);
        const k = n++ % 32;
        if (rel === "not-related" || !(complete || keep[k])) continue;
        rows.push(row(`${from}${i}-h${j}`, `${from}${i}`, `h${j}`, rel, conf[k] ?? "primary"));
      }
    }
    return { id, from: { scheme: from, version: "1" }, to: { scheme: "H", version: "1" }, rows, gaps: [] };
  };
  return [set("A__H", "A", w.a, w.keepA, w.confA), set("B__H", "B", w.b, w.keepB, w.confB)] as unknown as Crosswalk[];
}

function scheme(id: string, role: string, count: number, levels: { id: string; reqs: string[] }[]): CompiledScheme {
  return {
    id,
    role,
    requirements: [...Array(count).keys()].map((i) => ({ id: `${id}${i}`, title: `${id}${i}` })),
    levels: levels.map((l) => ({ id: l.id, status: "available", allRequirements: l.reqs })),
  } as unknown as CompiledScheme;
}

function coverage(w: World, sets: Crosswalk[]) {
  const a = scheme("A", "home", w.a.length, [{ id: "L", reqs: w.held.map((i) => `A${i}`) }]);
  const h = scheme("H", "hub", w.h.length, []);
  const b = scheme("B", "foreign", w.b.length, [{ id: "T", reqs: w.b.map((_, i) => `B${i}`) }]);
  const schemes = [a, h, b];
  const catalog = {
    allSchemes: () => schemes,
    requirement: (s: string, r: string) => ({ title: r, scheme: s }),
    crosswalks: (from?: string, to?: string) =>
      sets.filter((x) => (!from || x.from.scheme === from) && (!to || x.to.scheme === to)),
  } as unknown as CatalogIndex;
  const source = a.levels[0];
  if (!source) throw new Error("no level");
  return coverageOf(catalog, new CrosswalkGraph(sets), { scheme: a, level: source }, b).levels[0] as CoverageLevel;
}

function stateOf(level: CoverageLevel, requirement: string): string {
  for (const s of ["covered", "partial", "undetermined", "missing", "noMapping"] as const) {
    if (level[s].some((r) => r.requirement === requirement)) return s;
  }
  return "absent";
}

const heldAtoms = (w: World) => new Set(w.held.flatMap((i) => w.a[i] ?? []));

describe("hub groups", () => {
  it("an all-of group the level reaches only in part relates the two: undetermined, never missing", () => {
    // a0 covers h0; the group h0 + h1 together covers b0 (PSTI Schedule 2's shape); nothing of A reaches h1.
    const sets = [
      {
        id: "A__H",
        from: { scheme: "A", version: "1" },
        to: { scheme: "H", version: "1" },
        rows: [row("a0-h0", "A0", "h0", "superset-of", "primary")],
        gaps: [],
      },
      {
        id: "H__B",
        from: { scheme: "H", version: "1" },
        to: { scheme: "B", version: "1" },
        rows: [
          {
            ...row("g-b0", "", "B0", "superset-of", "primary"),
            source: { mode: "all-of", requirements: ["h0", "h1"] },
          },
        ],
        gaps: [],
      },
    ] as unknown as Crosswalk[];
    const w: World = { a: [[0]], h: [[0], [1]], b: [[0, 1]], held: [0], keepA: [], keepB: [], confA: [], confB: [] };
    const level = coverage(w, sets);
    expect(stateOf(level, "B0")).toBe("undetermined");
    expect(level.undetermined[0]?.reason).toBe("chain-undecided");
    expect(level.undetermined[0]?.paths).toEqual([["A:A0", "H:h0", "B:B0"]]);
    // With h1 reached too, the group decides: covered.
    const both = [
      { ...sets[0], rows: [...(sets[0]?.rows ?? []), row("a0-h1", "A0", "h1", "superset-of", "primary")] },
      sets[1],
    ] as unknown as Crosswalk[];
    expect(stateOf(coverage({ ...w, a: [[0, 1]] }, both), "B0")).toBe("covered");
  });
});

describe("coverage soundness against a set model", () => {
  it("never claims more than the sets allow: covered contains, partial overlaps, missing (complete rows) shares nothing", () => {
    fc.assert(
      fc.property(world, fc.boolean(), (w, complete) => {
        const level = coverage(w, crosswalks(w, complete));
        const s = heldAtoms(w);
        for (const [i, t] of w.b.entries()) {
          const state = stateOf(level, `B${i}`);
          if (state === "covered") expect(t.every((x) => s.has(x))).toBe(true);
          if (state === "partial") expect(t.some((x) => s.has(x))).toBe(true);
          if (state === "missing" && complete) expect(t.some((x) => s.has(x))).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("every target requirement is in exactly one of the five states", () => {
    fc.assert(
      fc.property(world, fc.boolean(), (w, complete) => {
        const level = coverage(w, crosswalks(w, complete));
        const all = [...level.covered, ...level.partial, ...level.undetermined, ...level.missing, ...level.noMapping];
        expect(all.map((r) => r.requirement).sort()).toEqual(w.b.map((_, i) => `B${i}`).sort());
      }),
      { numRuns: 200 },
    );
  });

  it("adding a crosswalk row never turns a covered requirement into anything else, nor a partial one into less", () => {
    const rank: Record<string, number> = { covered: 2, partial: 1 };
    fc.assert(
      fc.property(world, (w) => {
        const before = coverage(w, crosswalks(w, false));
        // The same world with one more of the true rows stated.
        const index = w.keepA.indexOf(false);
        const more: World = index < 0 ? w : { ...w, keepA: w.keepA.map((k, i) => k || i === index) };
        const after = coverage(more, crosswalks(more, false));
        for (const [i] of w.b.entries()) {
          const was = rank[stateOf(before, `B${i}`)] ?? 0;
          expect(rank[stateOf(after, `B${i}`)] ?? 0).toBeGreaterThanOrEqual(was);
          if (stateOf(before, `B${i}`) === "covered") expect(stateOf(after, `B${i}`)).toBe("covered");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a chain is never stronger than its weakest row, and loses a step for the hop", () => {
    fc.assert(
      fc.property(world, fc.boolean(), (w, complete) => {
        const sets = crosswalks(w, complete);
        const level = coverage(w, sets);
        const rowConfidence = new Map(
          sets.flatMap((set) => set.rows.map((r) => [`${r.source}>${r.target}`, r.provenance.confidence] as const)),
        );
        const rank = (c: Confidence) => confidenceOrder.indexOf(c);
        const chains = [
          ...[...level.covered, ...level.partial]
            .filter((m) => m.derived)
            .map((m) => ({ c: m.confidence, p: [m.path] })),
          ...level.undetermined.filter((u) => u.paths.length > 0).map((u) => ({ c: u.confidence, p: u.paths })),
        ];
        for (const { c, p } of chains) {
          for (const [a = "", h = "", b = ""] of p) {
            const links = [
              ...a.split("+").map((x) => rowConfidence.get(`${x.slice(2)}>${h.slice(2)}`)),
              rowConfidence.get(`${b.slice(2)}>${h.slice(2)}`),
            ];
            const weakest = Math.min(...links.map((l) => (l ? rank(l) : 0)));
            // Each undecided path's chain, or the match's one path: strictly weaker than its weakest row, unless
            // that row is already at the bottom.
            expect(rank(c)).toBeLessThanOrEqual(Math.max(0, weakest - 1));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a target requirement related to the level through the hub is never reported missing", () => {
    fc.assert(
      fc.property(world, (w) => {
        const sets = crosswalks(w, false);
        const level = coverage(w, sets);
        const graph = new CrosswalkGraph(sets);
        for (const m of level.missing) {
          const chained = graph
            .edgesInto("B", m.requirement, "H")
            .filter((e) => e.relationship !== "not-related")
            .some((e) =>
              e.sources.some((hp) =>
                graph
                  .edgesInto("H", hp, "A")
                  .some(
                    (f) =>
                      f.relationship !== "not-related" && f.sources.some((s) => w.held.includes(Number(s.slice(1)))),
                  ),
              ),
            );
          expect(chained, m.requirement).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
