import { describe, expect, it } from "vitest";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import type { Arrangement, Crosswalk } from "../../src/catalog/model.ts";
import { CrosswalkGraph } from "../../src/domain/equivalence/crosswalk-graph.ts";
import { deriveVerdict } from "../../src/domain/equivalence/verdict.ts";
import { ruleInForce } from "../../src/domain/in-force.ts";
import { translateResults } from "../../src/domain/translation/results.ts";
import { ask } from "../helpers/engine.ts";
import { recordingLogger } from "../helpers/test-app.ts";

const provenance = { confidence: "primary" as const, cites: [] };
const row = (
  id: string,
  source: Crosswalk["rows"][number]["source"],
  target: string,
  relationship: Crosswalk["rows"][number]["relationship"],
) => ({
  id,
  source,
  target,
  relationship,
  rationale: "semantic" as const,
  strength: 5,
  coverage: relationship === "equal" || relationship === "superset-of" ? 1 : 0.5,
  authority: "informative" as const,
  qualifiers: [],
  provenance,
});
const set = (from: string, to: string, rows: Crosswalk["rows"]): Crosswalk => ({
  id: `${from}__${to}`,
  title: "t",
  from: { scheme: from, version: "1" },
  to: { scheme: to, version: "1" },
  method: "human",
  status: "draft",
  rows,
  gaps: [],
  sources: {},
});

describe("results through a hub all-of group", () => {
  // A.a1 = H.h1, A.a2 = H.h2; H all-of {h1, h2} ⊇ B.t
  const graph = new CrosswalkGraph([
    set("a", "h", [row("r1", "a1", "h1", "equal"), row("r2", "a2", "h2", "equal")]),
    set("h", "b", [row("g", { mode: "all-of", requirements: ["h1", "h2"] }, "t", "superset-of")]),
  ]);
  const run = (results: { requirement: string; result: "pass" | "fail" }[]) =>
    translateResults(
      graph,
      "a",
      results.map((r) => ({ ...r, evidence: [] })),
      "b",
      ["t"],
      "h",
    );

  it("gives nothing when only one member of the group was assessed", () => {
    expect(run([{ requirement: "a1", result: "pass" }])).toEqual([]);
  });

  it("passes when every member passes, and the most restrictive member wins", () => {
    expect(
      run([
        { requirement: "a1", result: "pass" },
        { requirement: "a2", result: "pass" },
      ])[0]?.result,
    ).toBe("pass");
    expect(
      run([
        { requirement: "a1", result: "pass" },
        { requirement: "a2", result: "fail" },
      ])[0]?.result,
    ).toBe("fail");
  });
});

describe("the verdict table", () => {
  const level = (ratio: number, published = true) => ({
    level: "X",
    ratio,
    criteriaPublished: published,
    requirements: 3,
  });
  const rule = (effect: string, exempt: string[], remaining: string[]) => ({
    effect,
    exemptRequirements: exempt,
    remainingRequirements: remaining,
  });
  const cases: [string, Parameters<typeof deriveVerdict>, string][] = [
    [
      "deemed compliance, nothing remaining",
      [{ rules: [rule("deemed-compliance", ["1"], [])] }, { levels: [level(0)] }, { gap: true, to: { level: "X" } }],
      "recognized",
    ],
    [
      "exemption with requirements remaining",
      [
        { rules: [rule("requirement-exemption", ["1"], ["2"])] },
        { levels: [level(1)] },
        { gap: false, to: { level: "X" } },
      ],
      "partially-recognized",
    ],
    [
      "simplified application",
      [
        { rules: [rule("simplified-application", [], ["1"])] },
        { levels: [level(1)] },
        { gap: false, to: { level: "X" } },
      ],
      "simplified-procedure",
    ],
    [
      "no rule, covered, no gap",
      [{ rules: [] }, { levels: [level(1)] }, { gap: false, to: { level: "X" } }],
      "analytically-equivalent",
    ],
    [
      "no rule, covered, assurance gap",
      [{ rules: [] }, { levels: [level(1)] }, { gap: true, to: { level: "X" } }],
      "not-equivalent",
    ],
    [
      "no rule, partly covered",
      [{ rules: [] }, { levels: [level(0.5)] }, { gap: false, to: { level: "X" } }],
      "not-equivalent",
    ],
    [
      "no rule, criteria unpublished",
      [{ rules: [] }, { levels: [level(1, false)] }, { gap: false, to: { level: "X" } }],
      "not-equivalent",
    ],
    [
      "fee reduction alone",
      [{ rules: [rule("fee-reduction", [], ["1"])] }, { levels: [level(0.5)] }, { gap: false, to: { level: "X" } }],
      "not-equivalent",
    ],
  ];
  it.each(cases)("%s", (_, args, expected) => {
    expect(deriveVerdict(...args)).toBe(expected);
  });
});

describe("rules that do not apply say why", () => {
  it("a rule granting another target level is listed with the level it grants", () => {
    const answer = ask("jc-star:STAR-1", "sg-cls:L2", "2026-06-01");
    expect(answer.legal.rules).toEqual([]);
    expect(answer.legal.notApplied).toContainEqual(
      expect.objectContaining({ rule: "jc-star-star-1-to-sg-cls-l1", reason: "grants sg-cls L1, not L2" }),
    );
    // In Japanese the levels by their names, not their ids.
    expect(answer.legal.notApplied.find((n) => n.rule === "jc-star-star-1-to-sg-cls-l1")?.reasonJa).toBe(
      "このルールが認めるのは IoT 向けサイバーセキュリティ・ラベリング制度 CLS(IoT) レベル 1(★) であり、レベル 2(★★) ではない",
    );
  });

  it("an ended arrangement still answers for the dates it was in force", () => {
    const arrangement = {
      id: "x",
      title: "x",
      instrument: "MRA",
      status: "ended",
      parties: [],
      schemes: [],
      summary: "x",
      effectiveFrom: "2020-01-01",
      effectiveTo: "2022-12-31",
      rules: [],
      sources: {},
      provenance,
    } as unknown as Arrangement;
    const rule = { effectiveFrom: undefined, effectiveTo: undefined } as unknown as Arrangement["rules"][number];
    expect(ruleInForce(arrangement, rule, "2021-06-01")).toBe(true);
    expect(ruleInForce(arrangement, rule, "2022-12-31")).toBe(true);
    expect(ruleInForce(arrangement, rule, "2023-01-01")).toBe(false);
  });
});

describe("single-flight", () => {
  it("a failed computation fails its waiters and is not kept: the next request computes again", async () => {
    const cache = AnswerCache.inMemory(recordingLogger());
    let calls = 0;
    const failing = () => {
      calls++;
      throw new Error("boom");
    };
    await expect(cache.get("k", failing)).rejects.toThrow("boom");
    expect(await cache.get("k", () => "ok")).toEqual({ value: "ok", outcome: "miss" });
    expect(calls).toBe(1);
  });
});
