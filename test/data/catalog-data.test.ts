import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import { jsonSchemaFiles, renderJsonSchema } from "../../scripts/json-schemas.ts";
import { compileCatalog } from "../../src/catalog/compile.ts";
import { ruleInForce } from "../../src/domain/in-force.ts";
import { dataFilesWith, projectRoot } from "../helpers/catalog-files.ts";

const catalog = compileCatalog(dataFilesWith());
const scheme = (id: string) => {
  const found = catalog.schemes.find((s) => s.id === id);
  if (!found) throw new Error(`no scheme ${id}`);
  return found;
};
const arrangement = (id: string) => {
  const found = catalog.arrangements.find((a) => a.id === id);
  if (!found) throw new Error(`no arrangement ${id}`);
  return found;
};

describe("the reviewed catalog", () => {
  it("compiles with no problem, and the bundle both runtimes import is this catalog (not stale)", () => {
    expect(catalogBundle.digest).toBe(catalog.digest);
    expect(catalog.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("holds the five schemes, the ETSI hub, ISO/IEC 29147 and the wider network", () => {
    expect(catalog.schemes.map((s) => s.id).sort()).toEqual(
      [
        "au-smart-devices",
        "csa-iot-product-security",
        "de-bsi-label",
        "etsi-en-303-645",
        "eu-cra",
        "eu-red-da",
        "fi-traficom-label",
        "iso-iec-29147",
        "jc-star",
        "kr-kisa-cic",
        "sg-cls",
        "uk-psti",
        "us-ctm",
      ].sort(),
    );
  });

  it("encodes JC-STAR STAR-1 as S1.1-01…16 under JST-CR-01-01-2024R1, unknown titles null and unconfirmed", () => {
    const jc = scheme("jc-star");
    const star1 = jc.levels.find((l) => l.id === "STAR-1");
    expect(star1?.allRequirements).toEqual(
      Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, "0")}`),
    );
    expect(star1?.version).toBe("JST-CR-01-01-2024R1");
    for (const requirement of jc.requirements) {
      if (requirement.title === null) expect(requirement.provenance.confidence).toBe("unconfirmed");
    }
    // STAR-2+ criteria are not published in our sources: no requirements are invented for them.
    for (const id of ["STAR-2", "STAR-3", "STAR-4"]) {
      const level = jc.levels.find((l) => l.id === id);
      expect(level?.status).not.toBe("available");
      expect(level?.requirements).toEqual([]);
      expect(level?.productScope?.include).toEqual(["router", "network-camera"]);
    }
  });

  it("encodes CLS levels as cumulative with rising assurance, PSTI as one level of three requirements", () => {
    const cls = scheme("sg-cls");
    expect(cls.levels.map((l) => [l.id, l.assurance.mode])).toEqual([
      ["L1", "declaration-reviewed"],
      ["L2", "declaration-reviewed"],
      ["L3", "lab-binary-analysis"],
      ["L4", "penetration-test"],
    ]);
    // L1: two provisions and the unlisted rest; L2 adds the other 30 mandatory EN 303 645 provisions; L3 two, L4 one.
    expect(cls.levels.map((l) => l.allRequirements.length)).toEqual([3, 33, 35, 36]);
    const psti = scheme("uk-psti");
    expect(psti.levels.map((l) => l.id)).toEqual(["compliant"]);
    expect(psti.requirements.map((r) => r.id)).toEqual(["1", "2", "3"]);
    // the ten NIST IR 8425 outcomes, plus NIST's eight sub-outcomes of outcomes 1-3; the level counts the sub-outcomes
    // in place of outcomes 1-3, so it lists 8 + 7 = 15
    expect(scheme("us-ctm").requirements).toHaveLength(18);
    expect(scheme("us-ctm").levels[0]?.allRequirements).toHaveLength(15);
  });

  it("encodes the CRA's Annex I and its conformity routes as levels", () => {
    const cra = scheme("eu-cra");
    const ids = cra.requirements.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(["I.1", "I.2.a", "I.2.m", "II.1", "II.8"]));
    expect(ids).toHaveLength(1 + 13 + 8);
    expect(cra.levels.map((l) => l.id)).toEqual(["module-a", "module-b-c", "module-h", "eu-certification"]);
  });

  it("dates the arrangements as the reference does", () => {
    const si = arrangement("uk-si-2025-1267");
    const star1Rule = si.rules.find((r) => r.from.scheme === "jc-star");
    expect(star1Rule).toMatchObject({ effect: "deemed-compliance", to: { scheme: "uk-psti", level: "compliant" } });
    expect(star1Rule && ruleInForce(si, star1Rule, "2025-12-03")).toBe(false);
    expect(star1Rule && ruleInForce(si, star1Rule, "2025-12-04")).toBe(true);

    const moc = arrangement("jp-uk-moc-2025");
    expect(moc.effectiveFrom).toBe("2026-01-01");
    expect(moc.rules[0]?.exemptRequirements).toEqual(["S1.1-02", "S1.1-05", "S1.1-16"]);

    const mou = arrangement("sg-uk-mou-2025");
    expect(mou.rules.map((r) => [r.from.scheme, r.to.scheme, r.effect])).toEqual([
      ["sg-cls", "uk-psti", "deemed-compliance"],
      ["uk-psti", "sg-cls", "simplified-application"],
    ]);
    expect(mou.rules.every((r) => r.productScope?.include?.includes("consumer-iot-device"))).toBe(true);

    const jpSg = arrangement("jp-sg-moc-2026");
    expect(jpSg.effectiveFrom).toBe("2026-06-01");
    expect(jpSg.provenance.confidence).toBe("secondary");

    for (const id of ["jp-us-none", "jp-eu-none"]) {
      expect(arrangement(id)).toMatchObject({ status: "no-arrangement", rules: [] });
    }
  });

  it("keeps every normative crosswalk row on a primary source, and marks Kakehashi's own analysis", () => {
    for (const set of catalog.crosswalks) {
      for (const row of set.rows) {
        if (row.authority === "normative") expect(row.provenance.confidence, `${set.id} ${row.id}`).toBe("primary");
      }
    }
    const direct = catalog.crosswalks.find((s) => s.id === "jc-star__uk-psti");
    expect(direct?.rows.map((r) => [r.source, r.target, r.relationship])).toEqual([
      ["S1.1-02", "1", "equal"],
      ["S1.1-05", "2", "equal"],
      ["S1.1-16", "3", "equal"],
    ]);
  });

  it("names every product category in Japanese too (labelJa), for the Japanese pages", () => {
    expect(catalog.categories.length).toBeGreaterThan(10);
    for (const category of catalog.categories) {
      expect(category.labelJa, category.id).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    const ja = (id: string) => catalog.categories.find((c) => c.id === id)?.labelJa;
    expect(ja("router")).toContain("ルーター");
    expect(ja("network-camera")).toBe("ネットワークカメラ");
  });

  it("ships JSON Schemas for editors that match the zod schemas (run npm run gen:schemas when this fails)", () => {
    for (const [name, schema] of Object.entries(jsonSchemaFiles)) {
      const committed = readFileSync(join(projectRoot, "schemes/json-schema", name), "utf8");
      expect(committed, name).toBe(renderJsonSchema(schema));
    }
  });
});
