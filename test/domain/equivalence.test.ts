import { describe, expect, it } from "vitest";
import { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { ask, catalogIndex } from "../helpers/engine.ts";

const STAR_1 = Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, "0")}`);

describe("equivalence: the reference's cases", () => {
  it("STAR-1 → PSTI: no legal recognition on 2025-12-03, deemed compliance from 2025-12-04 (SI 2025/1267)", () => {
    const before = ask("jc-star:STAR-1", "uk-psti", "2025-12-03");
    expect(before.legal.rules).toEqual([]);
    expect(before.legal.recognized).toBe(false);
    expect(before.legal.notApplied).toEqual([
      {
        arrangement: "uk-si-2025-1267",
        // The arrangement's title, so a reader can name it (the command line prints "SI 2025/1267").
        title: expect.stringMatching(/\(SI 2025\/1267\)$/),
        rule: "jc-star-star-1-to-uk-psti",
        reason: expect.stringContaining("effective from 2025-12-04"),
        reasonJa: "2025-12-03 時点では未施行(2025-12-04 から有効)",
      },
    ]);
    // The content still matches (the Japan–UK MoC pairs the three requirements), so without a rule it is analytical.
    expect(before.verdict).toBe("analytically-equivalent");

    const on = ask("jc-star:STAR-1", "uk-psti", "2025-12-04");
    expect(on.verdict).toBe("recognized");
    expect(on.legal.recognized).toBe(true);
    const [rule] = on.legal.rules;
    expect(rule).toMatchObject({
      arrangement: "uk-si-2025-1267",
      instrument: "regulation",
      effect: "deemed-compliance",
      effectiveFrom: "2025-12-04",
      exemptRequirements: ["1", "2", "3"],
      remainingRequirements: [],
      confidence: "secondary",
    });
    expect(rule?.conditions[0]).toMatch(/must be valid/);
    expect(rule?.conditions.join(" ")).toContain("JST-CR-01-01-2024R1");
    expect(rule?.sources.map((s) => s.url).length).toBeGreaterThan(0);
    expect(EquivalenceAnswer.safeParse(on).success).toBe(true);
  });

  it("PSTI → STAR-1: nothing before 2026-01-01; from then three requirements exempted, 13 remain, ¥140,000", () => {
    expect(ask("uk-psti:compliant", "jc-star:STAR-1", "2025-12-31").legal.rules).toEqual([]);
    const on = ask("uk-psti:compliant", "jc-star:STAR-1", "2026-01-01");
    expect(on.verdict).toBe("partially-recognized");
    const [rule] = on.legal.rules;
    expect(rule?.exemptRequirements).toEqual(["S1.1-02", "S1.1-05", "S1.1-16"]);
    expect(rule?.remainingRequirements).toEqual(STAR_1.filter((id) => !["S1.1-02", "S1.1-05", "S1.1-16"].includes(id)));
    expect(rule?.remainingRequirements).toHaveLength(13);
    expect(rule?.fees).toEqual([expect.objectContaining({ amount: 140000, currency: "JPY" })]);
    expect(rule?.conditions.join(" ")).toContain("Statement of Compliance");
    // The GCLI joint statement is shown beside it as a statement that grants nothing.
    expect(on.provenance.arrangements).toEqual(["gcli-joint-statement-2025", "jp-uk-moc-2025"]);
    expect(on.legal.statements.map((st) => st.arrangement)).toEqual(["gcli-joint-statement-2025"]);
  });

  it.each(["L1", "L2", "L3", "L4"])(
    "CLS %s → PSTI is recognized (SI from 2025-12-04, MoU from 2026-01-01)",
    (level) => {
      const early = ask(`sg-cls:${level}`, "uk-psti", "2025-12-04");
      expect(early.verdict).toBe("recognized");
      expect(early.legal.rules.map((r) => r.arrangement)).toEqual(["uk-si-2025-1267"]);
      const later = ask(`sg-cls:${level}`, "uk-psti", "2026-01-01");
      expect(later.legal.rules.map((r) => r.arrangement).sort()).toEqual(["sg-uk-mou-2025", "uk-si-2025-1267"]);
    },
  );

  it("STAR-1 ↔ CLS L1: simplified application in both directions from 2026-06-01, not the day before", () => {
    for (const [from, to] of [
      ["jc-star:STAR-1", "sg-cls:L1"],
      ["sg-cls:L1", "jc-star:STAR-1"],
    ] as const) {
      expect(ask(from, to, "2026-05-31").legal.rules).toEqual([]);
      const on = ask(from, to, "2026-06-01");
      expect(on.verdict).toBe("simplified-procedure");
      expect(on.legal.rules[0]).toMatchObject({
        arrangement: "jp-sg-moc-2026",
        effect: "simplified-application",
        confidence: "secondary",
      });
      expect(on.provenance.confidence).not.toBe("primary");
    }
  });

  it.each([
    ["us-ctm", "jp-us-none"],
    ["eu-cra", "jp-eu-none"],
  ])("JC-STAR → %s: no arrangement, stated with its source", (target, statement) => {
    const answer = ask("jc-star:STAR-1", target, "2026-11-25");
    expect(answer.legal.rules).toEqual([]);
    expect(answer.legal.statements.map((s) => s.arrangement)).toEqual([statement]);
    expect(answer.legal.statements[0]?.status).toBe("no-arrangement");
    expect(answer.verdict).toBe("not-equivalent");
  });

  it("STAR-1 → CLS L3: an assurance gap that content cannot close", () => {
    const answer = ask("jc-star:STAR-1", "sg-cls:L3", "2026-11-25");
    expect(answer.assurance).toMatchObject({
      gap: true,
      from: { level: "STAR-1", mode: "self-declaration", rank: 1 },
      to: { level: "L3", mode: "lab-binary-analysis", rank: 4 },
    });
    // The note in both languages: the target's assessor in each language, through the catalog's text accessor.
    expect(answer.assurance.note.en).toContain("Approved third-party test lab");
    expect(answer.assurance.note.en).toMatch(/^★1 \(STAR-1\) is assessed by self-declaration; /);
    const assessor = catalogIndex.level("sg-cls", "L3")?.assurance;
    const assessorJa = assessor && catalogIndex.textIn("ja")(assessor, "assessor");
    expect(assessorJa?.lang).toBe("ja");
    expect(answer.assurance.note.ja).toContain(assessorJa?.text);
    expect(answer.assurance.note.ja).not.toContain("Approved third-party test lab");
    expect(answer.assurance.note.ja).toMatch(/^★1 \(STAR-1\) は自己適合宣言で評価されますが、/);
    expect(answer.assurance.note.ja).toContain("試験所によるバイナリ解析を求めます");
    const even = ask("jc-star:STAR-1", "uk-psti", "2026-11-25").assurance;
    expect(even.gap).toBe(false);
    expect(even.note.en).toContain("at least as strongly as");
    expect(even.note.ja).toContain("同等以上");
    expect(answer.verdict).toBe("not-equivalent");
    // The simplified procedure is for L1 only; it does not reach L3.
    expect(answer.legal.rules).toEqual([]);
  });
});

describe("equivalence: scope, derivation and provenance", () => {
  it("a scoped rule applies without a category (scope stated as a condition), and not outside its scope", () => {
    const open = ask("uk-psti:compliant", "sg-cls:L1", "2026-02-01");
    expect(open.legal.rules[0]?.conditions.join(" ")).toContain(
      "Scoped rule — applies only for products in: Consumer IoT device",
    );
    const router = ask("uk-psti:compliant", "sg-cls:L1", "2026-02-01", "router");
    expect(router.legal.rules).toHaveLength(1);
    expect(router.legal.rules[0]?.conditions.join(" ")).not.toContain("Scoped rule");
    const medical = ask("uk-psti:compliant", "sg-cls:L1", "2026-02-01", "medical-device");
    expect(medical.legal.rules).toEqual([]);
    expect(medical.legal.notApplied[0]?.reason).toContain("outside its scope");
    expect(medical.legal.notApplied[0]?.reasonJa).toBe(
      "製品区分「医療機器」は適用範囲外である(対象: 消費者向け IoT 機器)",
    );
  });

  it("a rule pinned to a spec version does not reach levels defined by other criteria", () => {
    const answer = ask("jc-star:STAR-2", "uk-psti", "2026-01-01");
    expect(answer.legal.rules).toEqual([]);
    expect(answer.legal.notApplied[0]?.reason).toContain("JST-CR-01-01-2024R1");
    expect(answer.legal.notApplied[0]?.reasonJa).toBe(
      "JST-CR-01-01-2024R1 に基づいて発行されたラベルに適用される。★2 (STAR-2) の基準は未公表である",
    );
  });

  it("marks rows derived through the hub, with their path, and lowers their confidence", () => {
    const answer = ask("sg-cls:L2", "uk-psti", "2026-11-25");
    const level = answer.coverage.levels[0];
    const passwords = level?.covered.find((m) => m.requirement === "1");
    expect(passwords).toMatchObject({
      derived: true,
      relationship: "superset-of",
      steps: ["superset-of", "superset-of"],
    });
    expect(passwords?.path).toEqual([
      "sg-cls:5.1-1+sg-cls:5.1-2",
      "etsi-en-303-645:5.1-1+etsi-en-303-645:5.1-2",
      "uk-psti:1",
    ]);
    // The CLS rows are secondary (the PSTI row primary); one hop makes the derived row one step weaker.
    expect(passwords?.confidence).toBe("unconfirmed");
    expect(answer.provenance.derivedPaths).toContainEqual(passwords?.path);
  });

  it("never counts an unpublished level as covered", () => {
    const answer = ask("uk-psti:compliant", "jc-star", "2026-11-25");
    const star2 = answer.coverage.levels.find((l) => l.level === "STAR-2");
    expect(star2?.criteriaPublished).toBe(false);
    expect(answer.coverage.bestCoveredLevel).not.toBe("STAR-2");
  });

  it("reports the weakest confidence the answer rests on", () => {
    const answer = ask("jc-star:STAR-1", "sg-cls:L3", "2026-11-25");
    const all = [
      ...answer.legal.rules.map((r) => r.confidence),
      ...answer.coverage.levels.flatMap((l) => [...l.covered, ...l.partial].map((m) => m.confidence)),
    ];
    expect(all).toContain("unconfirmed");
    expect(answer.provenance.confidence).toBe("unconfirmed");
  });
});
