import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inverseRelationship, relationships } from "../../src/contracts/crosswalk.ts";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { compose } from "../../src/domain/equivalence/composition.ts";
import { CrosswalkGraph } from "../../src/domain/equivalence/crosswalk-graph.ts";
import { deriveVerdict } from "../../src/domain/equivalence/verdict.ts";
import { ruleDates } from "../../src/domain/in-force.ts";
import { ask, catalogIndex } from "../helpers/engine.ts";

const schemes = catalogIndex.allSchemes().filter((s) => s.levels.length > 0);
const levelRefs = schemes.flatMap((s) => s.levels.map((l) => `${s.id}:${l.id}`));
const day = fc
  .date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const query = fc
  .tuple(fc.constantFrom(...levelRefs), fc.constantFrom(...schemes.map((s) => s.id)), fc.boolean(), day)
  .filter(([from, to]) => !from.startsWith(`${to}:`))
  .map(([from, to, withLevel, asOf]) => {
    const target = catalogIndex.scheme(to);
    const level = withLevel ? target?.levels[asOf.charCodeAt(9) % (target?.levels.length ?? 1)]?.id : undefined;
    return { from, to: level ? `${to}:${level}` : to, asOf };
  });

function status(answer: EquivalenceAnswer, level: string, requirement: string): number {
  const l = answer.coverage.levels.find((x) => x.level === level);
  if (l?.covered.some((m) => m.requirement === requirement)) return 2;
  if (l?.partial.some((m) => m.requirement === requirement)) return 1;
  return 0;
}

describe("laws of the equivalence engine", () => {
  it("a higher source level never yields less coverage", () => {
    const cumulative = schemes.filter((s) => s.cumulativeLevels && s.levels.length > 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...cumulative),
        fc.nat(),
        fc.constantFrom(...schemes),
        day,
        (source, pick, target, asOf) => {
          if (source.id === target.id) return;
          const lower = source.levels[pick % (source.levels.length - 1)];
          const higher = source.levels[(pick % (source.levels.length - 1)) + 1];
          if (!lower || !higher) return;
          const a = ask(`${source.id}:${lower.id}`, target.id, asOf);
          const b = ask(`${source.id}:${higher.id}`, target.id, asOf);
          for (const level of target.levels) {
            for (const requirement of level.allRequirements) {
              expect(status(b, level.id, requirement), `${requirement} at ${level.id}`).toBeGreaterThanOrEqual(
                status(a, level.id, requirement),
              );
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reads every single-source row backwards with the inverse relationship (subset ↔ superset)", () => {
    for (const r of relationships) expect(inverseRelationship(inverseRelationship(r))).toBe(r);
    const graph = new CrosswalkGraph(catalogIndex.catalog.crosswalks);
    for (const set of catalogIndex.catalog.crosswalks) {
      for (const row of set.rows) {
        if (typeof row.source !== "string") continue;
        const back = graph.edgesInto(set.from.scheme, row.source, set.to.scheme).filter((e) => e.row === row.id);
        expect(back.map((e) => [e.sources[0], e.relationship, e.inverted])).toEqual([
          [row.target, inverseRelationship(row.relationship), true],
        ]);
      }
    }
  });

  it("derived rows never claim more than the composition table allows, for the rows they rest on", () => {
    const graph = new CrosswalkGraph(catalogIndex.catalog.crosswalks);
    fc.assert(
      fc.property(query, ({ from, to, asOf }) => {
        const answer = ask(from, to, asOf);
        for (const level of answer.coverage.levels) {
          for (const match of [...level.covered, ...level.partial]) {
            if (!match.derived) continue;
            const [first, second] = match.steps;
            expect(first && second && compose(first, second)).toBe(match.relationship);
            // Recompute the steps from the graph itself, for single-member paths.
            const [a = "", h = "", b = ""] = match.path;
            if (a.includes("+") || h.includes("+")) continue;
            const [aScheme = "", aReq = ""] = a.split(/:(.*)/);
            const [hScheme = "", hReq = ""] = h.split(/:(.*)/);
            const [bScheme = "", bReq = ""] = b.split(/:(.*)/);
            const firstEdges = graph.edgesInto(hScheme, hReq, aScheme).filter((e) => e.sources.includes(aReq));
            const secondEdges = graph.edgesInto(bScheme, bReq, hScheme).filter((e) => e.sources.includes(hReq));
            expect(firstEdges.map((e) => e.relationship)).toContain(first);
            expect(secondEdges.map((e) => e.relationship)).toContain(second);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("every rule gives nothing the day before its effective date and applies on the day itself", () => {
    for (const arrangement of catalogIndex.arrangements()) {
      for (const rule of arrangement.rules) {
        const { from } = ruleDates(arrangement, rule);
        if (!from) continue;
        const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        const source = `${rule.from.scheme}:${rule.from.minLevel}`;
        const target = `${rule.to.scheme}:${rule.to.level}`;
        const applies = (asOf: string) =>
          ask(source, target, asOf).legal.rules.some((r) => r.rule === rule.id && r.arrangement === arrangement.id);
        expect(applies(dayBefore), `${arrangement.id}/${rule.id} on ${dayBefore}`).toBe(false);
        expect(applies(from), `${arrangement.id}/${rule.id} on ${from}`).toBe(true);
      }
    }
  });

  it("the verdict follows from legal, coverage and assurance as returned", () => {
    fc.assert(
      fc.property(query, ({ from, to, asOf }) => {
        const answer = ask(from, to, asOf);
        const roundTripped = JSON.parse(JSON.stringify(answer)) as EquivalenceAnswer;
        expect(deriveVerdict(roundTripped.legal, roundTripped.coverage, roundTripped.assurance)).toBe(answer.verdict);
        expect(answer.legal.recognized).toBe(answer.verdict === "recognized");
        if (answer.legal.rules.length === 0)
          expect(["analytically-equivalent", "not-equivalent"]).toContain(answer.verdict);
      }),
      { numRuns: 200 },
    );
  });
});
