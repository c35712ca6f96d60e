import { describe, expect, it } from "vitest";
import { ask, catalogIndex } from "../helpers/engine.ts";

// Facts refreshed against primary texts on 2026-11-26: each assertion names what a reviewer would check.
describe("catalog refresh", () => {
  it("the JP → UK rule carries IPA's conditions: application, listing, English, label shown, ★1 only", () => {
    const answer = ask("jc-star:STAR-1", "uk-psti", "2026-01-01");
    const rule = answer.legal.rules.find((r) => r.arrangement === "uk-si-2025-1267");
    const conditions = rule?.conditions.join("\n") ?? "";
    expect(conditions).toContain("PSTI法適合宣言製品リスト");
    expect(conditions).toContain("English");
    expect(conditions).toContain("displayed");
    expect(conditions).toContain("only the ★1 label");
    expect(rule?.sources.some((s) => s.kind === "primary" && s.url.includes("ipa.go.jp"))).toBe(true);
    // The SI's own text was not found, so the rule stays secondary and says so.
    expect(rule?.confidence).toBe("secondary");
    const si = catalogIndex.arrangements().find((a) => a.id === "uk-si-2025-1267");
    expect(si?.provenance.note).toContain("could not be found");
  });

  it("the US mark's programme status is dated: withdrawal (secondary) and DA 26-75 (primary)", () => {
    const events = catalogIndex.scheme("us-ctm")?.programmeStatus ?? [];
    expect(events.find((e) => e.date === "2025-12-19")?.provenance.confidence).toBe("secondary");
    expect(events.find((e) => e.date === "2026-01-26")).toMatchObject({
      until: "2026-02-24",
      provenance: { confidence: "primary" },
    });
    const dates = events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it("CRA Annex I requirements carry the Regulation's own words as titles; 2025/2392 is cited on EUR-Lex", () => {
    const cra = catalogIndex.scheme("eu-cra");
    expect(cra?.requirements.every((r) => typeof r.title === "string" && r.title.length > 0)).toBe(true);
    expect(cra?.sources["EURLEX-2025-2392"]).toMatchObject({ kind: "primary", accessed: "2026-11-26" });
  });

  it("JC-STAR: IPA's Japanese names for the three PSTI-equivalent items; ★3 consultation dated", () => {
    const jc = catalogIndex.scheme("jc-star");
    expect(jc?.requirements.filter((r) => r.titleJa && r.provenance.confidence === "primary").map((r) => r.id)).toEqual(
      ["S1.1-02", "S1.1-05", "S1.1-16"],
    );
    expect(jc?.programmeStatus?.find((e) => e.date === "2025-11-27")?.until).toBe("2025-12-12");
    for (const level of jc?.levels ?? []) expect(level.validity?.maxMonths).toBe(24);
  });

  it("every source checked in this refresh says when, and no source claims a future check", () => {
    const sources = [
      ...catalogIndex.allSchemes().flatMap((s) => Object.values(s.sources)),
      ...catalogIndex.arrangements().flatMap((a) => Object.values(a.sources)),
      ...catalogIndex.markets().flatMap((m) => Object.values(m.sources)),
    ];
    const accessed = sources.filter((s) => s.accessed);
    expect(accessed.length).toBeGreaterThan(20);
    for (const source of accessed) expect(source.accessed && source.accessed <= "2026-12-06").toBe(true);
  });
});
