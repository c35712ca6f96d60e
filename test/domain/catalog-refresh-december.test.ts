import { describe, expect, it } from "vitest";
import { ask, catalogIndex } from "../helpers/engine.ts";

// Facts refreshed against regulators' own pages on 2026-12-06 (issue 20), each at the date boundaries it names.
describe("catalog refresh, December 2026", () => {
  describe("SG–DE router rule (BSI press release, 16.10.2024)", () => {
    it("a CLS Level 1 router gets nothing from the BSI, on either side of 16 Oct 2024", () => {
      expect(ask("sg-cls:L1", "de-bsi-label", "2024-10-15", "router").legal.rules).toEqual([]);
      const after = ask("sg-cls:L1", "de-bsi-label", "2024-10-16", "router");
      expect(after.legal.rules).toEqual([]);
      expect(after.legal.notApplied.find((n) => n.rule === "sg-cls-router-to-de-bsi-label")?.reason).toContain(
        "L2 or higher",
      );
    });

    it("a CLS Level 2 (or higher) router gets the simplified procedure from 16 Oct 2024, not the day before", () => {
      expect(ask("sg-cls:L2", "de-bsi-label", "2024-10-15", "router").legal.rules).toEqual([]);
      for (const level of ["L2", "L3", "L4"]) {
        const rules = ask(`sg-cls:${level}`, "de-bsi-label", "2024-10-16", "router").legal.rules;
        expect(rules.map((r) => [r.rule, r.effect, r.confidence])).toEqual([
          ["sg-cls-router-to-de-bsi-label", "simplified-application", "primary"],
        ]);
        expect(rules[0]?.sources.some((s) => s.url.includes("bsi.bund.de") && s.kind === "primary")).toBe(true);
      }
    });

    it("the other direction: a BSI-labelled router counts as CLS Level 2 from 16 Oct 2024 (primary)", () => {
      expect(ask("de-bsi-label:label", "sg-cls", "2024-10-15", "router").legal.rules).toEqual([]);
      const on = ask("de-bsi-label:label", "sg-cls", "2024-10-16", "router");
      expect(on.legal.rules.map((r) => [r.rule, r.effect, r.toLevel, r.confidence])).toEqual([
        ["de-bsi-label-router-to-sg-cls-l2", "full-recognition", "L2", "primary"],
      ]);
    });

    it("cameras keep the 2022 rule (CLS Level 2 and above, full recognition); the router rule never reaches them", () => {
      for (const date of ["2024-10-15", "2024-10-16"]) {
        expect(ask("sg-cls:L2", "de-bsi-label", date, "network-camera").legal.rules.map((r) => r.rule)).toEqual([
          "sg-cls-l2-to-de-bsi-label",
        ]);
        expect(ask("sg-cls:L1", "de-bsi-label", date, "network-camera").legal.rules).toEqual([]);
      }
    });

    it("the router rule names its assessment basis (ETSI TS 103 848 / TS 103 928, BSI TR-03148)", () => {
      const sgde = catalogIndex.arrangements().find((a) => a.id === "sg-de-mra-2022");
      const rule = sgde?.rules.find((r) => r.id === "sg-cls-router-to-de-bsi-label");
      expect(rule?.productScope?.note).toContain("TS 103 848");
      expect(rule?.productScope?.note).toContain("TS 103 928");
      expect(rule?.productScope?.note).toContain("TR-03148");
    });
  });
});
