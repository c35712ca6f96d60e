import { describe, expect, it } from "vitest";
import { ask, catalogIndex } from "../helpers/engine.ts";

// Singapore's arrangements with the schemes added as data (BSI, Traficom, KISA, the Connectivity Standards Alliance).
describe("the wider recognition network", () => {
  it("KISA CIC Basic and above count as CLS Level 3 from 1 Jan 2025, not the day before; and back", () => {
    expect(ask("kr-kisa-cic:Basic", "sg-cls:L3", "2024-12-31").legal.rules).toEqual([]);
    const on = ask("kr-kisa-cic:Basic", "sg-cls:L3", "2025-01-01");
    expect(on.legal.rules.map((r) => [r.arrangement, r.effect, r.toLevel])).toEqual([
      ["sg-kr-mra-2024", "full-recognition", "L3"],
    ]);
    expect(ask("kr-kisa-cic:Standard", "sg-cls", "2025-01-01").legal.rules.map((r) => r.toLevel)).toEqual(["L3"]);
    expect(ask("kr-kisa-cic:Lite", "sg-cls", "2025-01-01").legal.notApplied[0]?.reason).toContain("Basic or higher");
    expect(ask("sg-cls:L3", "kr-kisa-cic", "2025-01-01").legal.rules.map((r) => r.toLevel)).toEqual(["Basic"]);
    expect(ask("sg-cls:L2", "kr-kisa-cic", "2025-01-01").legal.rules).toEqual([]);
  });

  it("the BSI label counts as CLS Level 2 for smart devices since 2022 and for routers since 16 Oct 2024", () => {
    const camera = ask("de-bsi-label:label", "sg-cls", "2023-01-01", "network-camera");
    expect(camera.legal.rules.map((r) => r.rule)).toEqual(["de-bsi-label-to-sg-cls-l2"]);
    expect(ask("de-bsi-label:label", "sg-cls", "2023-01-01", "smart-door-lock").legal.rules).toEqual([]);
    expect(ask("de-bsi-label:label", "sg-cls", "2024-10-15", "router").legal.rules).toEqual([]);
    const router = ask("de-bsi-label:label", "sg-cls", "2024-10-16", "router");
    expect(router.legal.rules.map((r) => [r.rule, r.confidence])).toEqual([
      ["de-bsi-label-router-to-sg-cls-l2", "primary"],
    ]);
    // BSI, 16.10.2024: CLS labels "der Stufe 2 oder höher" give the simplified procedure; Level 1 does not.
    expect(ask("sg-cls:L2", "de-bsi-label", "2024-10-16", "router").legal.rules.map((r) => r.effect)).toEqual([
      "simplified-application",
    ]);
    expect(ask("sg-cls:L1", "de-bsi-label", "2024-10-16", "router").legal.rules).toEqual([]);
  });

  it("the Finnish label counts as CLS Level 3; Traficom no longer issues it, which the answer says", () => {
    const fi = ask("fi-traficom-label:label", "sg-cls", "2022-01-01");
    expect(fi.legal.rules.map((r) => r.toLevel)).toEqual(["L3"]);
    const back = ask("sg-cls:L3", "fi-traficom-label", "2022-01-01");
    expect(back.legal.rules[0]?.conditions.join(" ")).toContain("no longer issues");
    expect(back.programmeStatus.map((e) => e.event).join(" ")).toContain("no longer issue");
    expect(catalogIndex.level("fi-traficom-label", "label")?.status).toBe("closed");
  });

  it("the Alliance MRA and the GCLI statement are shown, and grant nothing", () => {
    const alliance = ask("csa-iot-product-security:verified", "sg-cls", "2025-01-01");
    expect(alliance.legal.rules).toEqual([]);
    expect(alliance.legal.statements.map((s) => s.arrangement)).toEqual(["sg-csa-iot-mra-2024"]);
    const gcli = ask("kr-kisa-cic:Basic", "jc-star", "2026-01-01");
    expect(gcli.legal.statements.map((s) => s.arrangement)).toEqual(["gcli-joint-statement-2025"]);
    expect(gcli.legal.rules).toEqual([]);
  });

  it("a scheme without encoded requirements says why, and is never counted as covered", () => {
    const kisa = catalogIndex.scheme("kr-kisa-cic");
    expect(kisa?.requirements).toEqual([]);
    expect(kisa?.provenance.note).toContain("not retrieved");
    expect(ask("jc-star:STAR-1", "kr-kisa-cic", "2026-01-01").coverage.bestCoveredLevel).toBeNull();
  });
});
