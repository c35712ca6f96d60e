import { describe, expect, it, vi } from "vitest";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { compileCatalog } from "../../src/catalog/compile.ts";
import { parseSourceFile } from "../../src/catalog/source-file.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { diffAnswers, ruleBoundaries, summary } from "../../src/review/answer-diff.ts";
import { diffMarkdown } from "../../src/review/report-markdown.ts";
import { dataFilesWith } from "../helpers/catalog-files.ts";

const files = dataFilesWith();
const base = compileCatalog(files);

/** The repository's catalog with one file's text edited. */
function edited(path: string, edit: (text: string) => string) {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(path);
  const text = edit(file.text);
  expect(text).not.toBe(file.text);
  return compileCatalog(dataFilesWith([parseSourceFile(path, text)]));
}

/** The UK regulations' effective date moved by six weeks (compiled on each call: equal content, a new object). */
const dateMoved = () =>
  edited("mappings/arrangements/uk-si-2025-1267.yaml", (text) =>
    text.replace(/^effectiveFrom: 2025-12-04$/m, "effectiveFrom: 2026-01-15"),
  );
/** Its diff, computed once for the tests that read it (~125,000 questions, each answered by both catalogs). */
let dateMovedDiff: ReturnType<typeof diffAnswers> | undefined;
const diffOfDateMoved = () => {
  dateMovedDiff ??= diffAnswers(base, dateMoved());
  return dateMovedDiff;
};

describe("kakehashi diff: which answers a data change changes", { timeout: 120_000 }, () => {
  it("an unchanged catalog reports no change", () => {
    const diff = diffAnswers(base, compileCatalog(files));
    expect(diff.changed).toEqual([]);
    expect(diffMarkdown(diff, "HEAD~1")).toContain("**No answer changes.**");
  });

  it("flipping one relationship names exactly the answers between those two schemes that change", () => {
    // jc-star S1.1-02 = PSTI 1 becomes a partial match: STAR-1 no longer covers PSTI's only level.
    const head = edited("mappings/crosswalks/jc-star__uk-psti.yaml", (text) =>
      text.replace(
        'source: S1.1-02,\n      target: "1",\n      relationship: equal,\n      rationale: functional,\n      strength: 9,\n      coverage: 1,',
        'source: S1.1-02,\n      target: "1",\n      relationship: subset-of,\n      rationale: functional,\n      strength: 9,\n      coverage: 0.5,',
      ),
    );
    const diff = diffAnswers(base, head);
    expect(diff.changed.length).toBeGreaterThan(0);
    for (const change of diff.changed) {
      expect([change.from.split(":")[0], change.to.split(":")[0]].sort()).toEqual(["jc-star", "uk-psti"]);
      for (const c of change.changes) expect(c.field).toMatch(/^(verdict|best covered level|coverage compliant)$/);
    }
    // Every date and every category of STAR-1 → uk-psti sees its coverage of PSTI drop from 3/3 to 2/3.
    const star1 = diff.changed.filter((c) => c.from === "jc-star:STAR-1" && c.to === "uk-psti");
    expect(star1).toHaveLength(diff.dates.length * (base.categories.length + 1));
    expect(star1[0]?.changes).toContainEqual({
      field: "coverage compliant",
      before: "1 (3 covered, 0 partial, 0 undetermined, 0 missing, 0 no mapping)",
      after: "0.667 (2 covered, 1 partial, 0 undetermined, 0 missing, 0 no mapping)",
    });
    expect(diffMarkdown(diff, "main")).toContain("**jc-star:STAR-1 → uk-psti**");
  });

  it("moving one arrangement date names the legal answers on the dates in between, and nothing else", () => {
    const diff = diffOfDateMoved();
    expect(diff.dates).toContain("2025-12-04");
    expect(diff.dates).toContain("2026-01-15");
    expect(diff.changed.length).toBeGreaterThan(0);
    for (const change of diff.changed) {
      expect(change.to.split(":")[0]).toBe("uk-psti");
      expect(["jc-star", "sg-cls"]).toContain(change.from.split(":")[0]);
      expect(change.asOf >= "2025-12-04" && change.asOf < "2026-01-15").toBe(true);
      for (const c of change.changes) expect(c.field).toMatch(/^(verdict|legal rules)$/);
    }
    const star1 = diff.changed.find(
      (c) => c.from === "jc-star:STAR-1" && c.to === "uk-psti" && c.category === null && c.asOf === "2025-12-04",
    );
    expect(star1?.changes).toContainEqual({
      field: "verdict",
      before: "recognized",
      after: expect.not.stringMatching(/^recognized$/),
    });
  });

  it("a second diff of catalogs with the same content (compiled again) asks the engine nothing and answers the same", () => {
    const first = diffOfDateMoved();
    // Asking the engine again fails the diff at its first question (a spy that records ~250,000 answers would not).
    const again = () => {
      throw new Error("the engine was asked again");
    };
    const asked = [
      vi.spyOn(EquivalenceEngine.prototype, "facts").mockImplementation(again),
      vi.spyOn(EquivalenceEngine.prototype, "answer").mockImplementation(again),
    ];
    try {
      expect(diffAnswers(compileCatalog(files), dateMoved())).toEqual(first);
      for (const spy of asked) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of asked) spy.mockRestore();
    }
  });

  it("compares the facts of the engine's answers: each question's are those of its full answer", () => {
    // The diff asks the engine for the facts without the sentences (EquivalenceEngine.facts); what it compares must be
    // what the answer says: every level of every scheme against every other scheme and level, on every rule date.
    const index = new CatalogIndex(base);
    const engine = new EquivalenceEngine(index);
    const schemes = index.allSchemes().filter((s) => s.levels.length > 0);
    let compared = 0;
    for (const asOf of ruleBoundaries([base])) {
      for (const scheme of schemes) {
        for (const level of scheme.levels) {
          for (const target of schemes.filter((t) => t.id !== scheme.id)) {
            for (const targetLevel of [undefined, ...target.levels]) {
              const query = {
                from: { scheme, level },
                to: { scheme: target, level: targetLevel },
                asOf,
                category: undefined,
              };
              const facts = engine.facts(query);
              const answer = engine.answer(query);
              expect(summary(facts)).toEqual(summary(answer));
              expect(facts.verdict).toBe(answer.verdict);
              expect(facts.comparedLevel?.id ?? null).toBe(answer.assurance.to?.level ?? null);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
