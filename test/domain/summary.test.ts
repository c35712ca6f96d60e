import { describe, expect, it } from "vitest";
import { verdicts } from "../../src/contracts/equivalence.ts";
import { levelName } from "../../src/domain/equivalence/summary.ts";
import { instrumentIn } from "../../src/domain/instrument-name.ts";
import { en as enMessages } from "../../src/i18n/en.ts";
import { ja as jaMessages } from "../../src/i18n/ja.ts";
import { ask, catalogIndex } from "../helpers/engine.ts";

/** Every pair of (level, scheme) on a few dates: enough to meet every verdict the catalog can give. */
function everyAnswer() {
  const schemes = catalogIndex.allSchemes().filter((s) => s.levels.length > 0);
  return ["2025-06-01", "2026-01-01", "2026-11-25"].flatMap((asOf) =>
    schemes.flatMap((source) =>
      source.levels.flatMap((level) =>
        schemes.filter((t) => t.id !== source.id).map((target) => ask(`${source.id}:${level.id}`, target.id, asOf)),
      ),
    ),
  );
}

describe("answer summaries", () => {
  const answers = everyAnswer();

  it.each(verdicts)("a %s answer says so in both languages, with the names and numbers of the answer", (verdict) => {
    const answer = answers.find((a) => a.verdict === verdict);
    expect(answer, `the catalog gives some ${verdict} answer`).toBeDefined();
    if (!answer) return;
    const { en, ja } = answer.summary;
    expect(en).toMatch(/^[A-Z]/);
    expect(ja).toMatch(/[。]$/);
    for (const [text, lang] of [
      [en, "en"],
      [ja, "ja"],
    ] as const) {
      expect(text).not.toMatch(/\{\w+\}/); // every placeholder filled
      // The level by its name in the summary's language (the catalog's Japanese where a companion file gives it).
      expect(text).toContain(levelName(catalogIndex, answer.from.scheme, answer.from.level, lang));
    }
    // An assessment gap is named wherever the answer has one, unless the law recognises the label anyway.
    const gap = answer.assurance.gap && verdict !== "recognized";
    expect(en.includes("Assessment gap:"), en).toBe(gap);
    expect(ja.includes("評価の差:"), ja).toBe(gap);
    const rule = answer.legal.rules[0];
    if (verdict === "recognized" || verdict === "partially-recognized" || verdict === "simplified-procedure") {
      expect(en).toContain(rule?.title);
      // The Japanese names the instrument by its gloss (with its citation), the English by its official title.
      expect(ja).toContain(instrumentIn(catalogIndex, "ja", rule?.title ?? ""));
    }
    if (verdict === "recognized") expect(en).toContain(`from ${rule?.effectiveFrom}`);
    if (verdict === "partially-recognized") {
      expect(en).toContain(`${rule?.exemptRequirements.length} requirements`);
      expect(ja).toContain(`${rule?.remainingRequirements.length} 件が残ります`);
    }
    if (verdict === "analytically-equivalent") expect(en).toContain("not legal recognition");
    if (verdict === "not-equivalent" || verdict === "analytically-equivalent") {
      expect(en).toContain(`No arrangement recognises`);
      expect(ja).toContain(`${answer.asOf} 時点`);
      const level = answer.coverage.levels.find((l) => l.level === answer.assurance.to?.level);
      if (level) {
        expect(en).toContain(`${level.missing.length} missing, ${level.noMapping.length} not yet mapped`);
        expect(ja).toContain(`不足 ${level.missing.length} 件、対応付けデータ未整備 ${level.noMapping.length} 件`);
      }
    }
  });

  it("names an assessment gap in both languages, with the two assessment modes of the answer's assurance part", () => {
    const withGap = answers.filter((a) => a.assurance.gap && a.verdict !== "recognized");
    expect(withGap.length).toBeGreaterThan(0);
    for (const answer of withGap) {
      const { from, to } = answer.assurance;
      if (!to) throw new Error("a gap needs a level compared");
      for (const [text, messages, word, lang] of [
        [answer.summary.en, enMessages, "Assessment gap", "en"],
        [answer.summary.ja, jaMessages, "評価の差", "ja"],
      ] as const) {
        const toLevel = levelName(catalogIndex, answer.to.scheme, to.level, lang);
        const gap = text.slice(text.indexOf(word));
        expect(text).toContain(word);
        expect(gap).toContain(messages[`assuranceMode.${from.mode}`]);
        expect(gap).toContain(messages[`assuranceMode.${to.mode}`]);
        expect(gap).toContain(toLevel);
      }
    }
    // ★1 is self-declared; CLS Level 3 asks for lab binary analysis.
    const star1 = ask("jc-star:STAR-1", "sg-cls:L3", "2026-11-25").summary;
    expect(star1.en).toContain("Assessment gap: JC-STAR ★1 (STAR-1) is assessed by self-declaration");
    expect(star1.ja).toContain("評価の差: JC-STAR ★1 (STAR-1) は自己適合宣言");
    // No gap, no sentence about one.
    for (const answer of answers.filter((a) => !a.assurance.gap).slice(0, 50)) {
      expect(answer.summary.en).not.toContain("Assessment gap");
      expect(answer.summary.ja).not.toContain("評価の差");
    }
  });

  it("is deterministic: the same answer has the same words", () => {
    const a = ask("jc-star:STAR-1", "us-ctm", "2026-11-25");
    const b = ask("jc-star:STAR-1", "us-ctm", "2026-11-25");
    expect(a.summary).toEqual(b.summary);
    expect(a.summary.en).not.toEqual(ask("jc-star:STAR-1", "uk-psti", "2026-11-25").summary.en);
  });

  it("warns that a level whose criteria are not final cannot be obtained yet", () => {
    const draft = catalogIndex.scheme("jc-star")?.levels.find((l) => l.status !== "available");
    expect(draft).toBeDefined();
    const answer = ask(`jc-star:${draft?.id}`, "uk-psti", "2026-11-25");
    expect(answer.summary.en).toContain("cannot be obtained yet");
    expect(answer.summary.ja).toContain("まだ取得できません");
    expect(ask("jc-star:STAR-1", "uk-psti", "2026-11-25").summary.en).not.toContain("cannot be obtained");
  });
});

describe("coverage states", () => {
  it("partitions every target level into covered, partial, undetermined, missing and noMapping", () => {
    for (const answer of everyAnswer().slice(0, 120)) {
      for (const level of answer.coverage.levels) {
        const ids = [
          ...level.covered,
          ...level.partial,
          ...level.undetermined,
          ...level.missing,
          ...level.noMapping,
        ].map((r) => r.requirement);
        expect(ids.sort()).toEqual(
          [...(catalogIndex.level(answer.to.scheme, level.level)?.allRequirements ?? [])].sort(),
        );
      }
    }
  });

  it("never reports missing where a chain of rows relates the two, and says why it cannot decide", () => {
    for (const answer of everyAnswer().slice(0, 200)) {
      for (const level of answer.coverage.levels) {
        // A missing requirement through the hub has every hub provision behind it not provided.
        for (const m of level.missing) {
          if (m.gapNote === null) expect(m.provisions.every((p) => p.standing === "not-provided")).toBe(true);
        }
        for (const u of level.undetermined) {
          if (u.reason === "chain-undecided") expect(u.paths.length).toBeGreaterThan(0);
          else expect(u.unmappedSource.length).toBeGreaterThan(0);
        }
        for (const item of level.noMapping) expect(item.gapNote).toBeNull();
      }
    }
  });

  it("JC-STAR ★1 → US Cyber Trust Mark: no requirement reads missing while ★1 texts are unknown", () => {
    const [level] = ask("jc-star:STAR-1", "us-ctm", "2026-11-25").coverage.levels;
    expect(level?.missing).toEqual([]);
    expect(level?.undetermined.length).toBeGreaterThan(0);
    // The unknown STAR-1 requirements are named where they block a claim of absence.
    const unmapped = new Set(level?.undetermined.flatMap((u) => u.unmappedSource));
    for (const id of unmapped) expect(catalogIndex.requirement("jc-star", id)?.title ?? null).toBeNull();
  });

  it("puts the requirement's title next to its id on every match", () => {
    const [level] = ask("jc-star:STAR-1", "uk-psti", "2026-11-25").coverage.levels;
    expect(level?.covered.length).toBeGreaterThan(0);
    for (const match of level?.covered ?? []) {
      expect(match.title).toBe(catalogIndex.requirement("uk-psti", match.requirement)?.title ?? null);
      expect(Object.keys(match).slice(0, 2)).toEqual(["requirement", "title"]);
    }
  });
});
