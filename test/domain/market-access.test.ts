import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { compileCatalog } from "../../src/catalog/compile.ts";
import { parseSourceFile } from "../../src/catalog/source-file.ts";
import { accessStatuses } from "../../src/contracts/market-access-answer.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import type { Label } from "../../src/domain/market-access/label-status.ts";
import { answerMarketAccess } from "../../src/domain/market-access/market-access.ts";
import { dataFilesWith } from "../helpers/catalog-files.ts";

// A market added as a data file only: a rule that ends, an exception that starts later, a stricter rule after it, and
// a duty that binds whatever the label (it overlaps the Level 2 rule for routers without contradicting it).
const fixture = parseSourceFile(
  "mappings/market-access/ZZ.yaml",
  `
market: ZZ
name: Fixture market
summary: A market for the domain tests.
rules:
  - id: consumer-l2
    categories: [consumer-iot-device]
    obligation: mandatory
    scheme: sg-cls
    minLevel: L2
    effectiveFrom: 2026-01-01
    effectiveTo: 2026-12-31
    exceptions:
      - categories: [baby-monitor]
        text: not monitors
        effectiveFrom: 2026-07-01
        provenance: { confidence: primary, cites: [{ source: S1 }] }
    legalBasis: Fixture act
    summary: Consumer IoT needs CLS Level 2.
    provenance: { confidence: primary, cites: [{ source: S1 }] }
  - id: monitor-l3
    categories: [baby-monitor]
    obligation: mandatory
    scheme: sg-cls
    minLevel: L3
    effectiveFrom: 2026-07-01
    legalBasis: Fixture act
    summary: Baby monitors need CLS Level 3 once the exception starts.
    provenance: { confidence: primary, cites: [{ source: S1 }] }
  - id: router-reporting
    categories: [router]
    obligation: duty
    scheme: sg-cls
    minLevel: L1
    effectiveFrom: 2026-03-01
    legalBasis: Fixture act
    summary: Router makers report exploited vulnerabilities, whatever label the router has.
    provenance: { confidence: primary, cites: [{ source: S1 }] }
sources:
  S1: { title: Fixture, url: "https://example.org/", kind: primary }
provenance: { confidence: primary, cites: [{ source: S1 }] }
`,
);
const catalog = new CatalogIndex(compileCatalog(dataFilesWith([fixture])));
const engine = new EquivalenceEngine(catalog);
const recognize = (from: Label, target: NonNullable<ReturnType<CatalogIndex["scheme"]>>, asOf = "2026-06-01") =>
  engine.answer({ from, to: { scheme: target, level: undefined }, asOf, category: undefined });
const label = (scheme: string, level: string): Label => {
  const s = catalog.scheme(scheme);
  const l = catalog.level(scheme, level);
  if (!s || !l) throw new Error(`no ${scheme}:${level}`);
  return { scheme: s, level: l };
};
const zz = (category: string, asOf: string, held?: Label) =>
  answerMarketAccess(catalog, (f, t) => recognize(f, t, asOf), { label: held, category, asOf, market: "ZZ" })
    .markets[0];

describe("market-access domain", () => {
  it("applies a rule from its first through its last day, inclusive", () => {
    expect(zz("network-camera", "2025-12-31")?.required).toBe(false);
    expect(zz("network-camera", "2026-01-01")?.required).toBe(true);
    expect(zz("network-camera", "2026-12-31")?.required).toBe(true);
    expect(zz("network-camera", "2027-01-01")?.required).toBe(false);
  });

  it("holds a level at or above the minimum and not below it", () => {
    expect(zz("network-camera", "2026-06-01", label("sg-cls", "L1"))?.status).toBe("not-met");
    expect(zz("network-camera", "2026-06-01", label("sg-cls", "L2"))?.status).toBe("held");
    expect(zz("network-camera", "2026-06-01", label("sg-cls", "L3"))?.status).toBe("held");
  });

  it("reaches narrower categories and honours an exception from its own start date", () => {
    const june = zz("baby-monitor", "2026-06-30", label("sg-cls", "L2"));
    expect(june?.rules.map((r) => r.rule)).toEqual(["consumer-l2"]);
    expect(june?.upcoming.map((u) => u.rule)).toEqual(["monitor-l3"]);
    expect(june?.status).toBe("held");
    const july = zz("baby-monitor", "2026-07-01", label("sg-cls", "L2"));
    expect(july?.rules.map((r) => r.rule)).toEqual(["monitor-l3"]);
    expect(july?.excepted.map((e) => [e.rule, e.exception])).toEqual([["consumer-l2", "not monitors"]]);
    expect(july?.status).toBe("not-met");
    expect(zz("network-camera", "2026-07-01", label("sg-cls", "L2"))?.status).toBe("held");
  });

  it("is the weakest mandatory status, and nothing-required exactly when no mandatory rule applies", () => {
    const labels = [
      label("sg-cls", "L1"),
      label("sg-cls", "L4"),
      label("jc-star", "STAR-1"),
      label("uk-psti", "compliant"),
    ];
    const dates = ["2025-06-01", "2026-03-01", "2026-06-30", "2026-07-01", "2027-02-01"];
    const categories = ["network-camera", "baby-monitor", "router"];
    fc.assert(
      fc.property(fc.constantFrom(...labels), fc.constantFrom(...dates), fc.constantFrom(...categories), (l, d, c) => {
        const m = zz(c, d, l);
        if (!m) return false;
        const mandatory = m.rules.filter((r) => r.obligation === "mandatory");
        if (mandatory.length === 0) return m.status === "nothing-required";
        const worst = Math.max(...mandatory.map((r) => accessStatuses.indexOf(r.status ?? "not-met")));
        return m.status === accessStatuses[worst];
      }),
    );
  });

  it("a duty applies whatever the label: no status, no routes, and the market's verdict is the mandatory rules'", () => {
    for (const held of [undefined, label("sg-cls", "L1"), label("sg-cls", "L2"), label("jc-star", "STAR-1")]) {
      const before = zz("router", "2026-02-28", held);
      const on = zz("router", "2026-03-01", held);
      expect(before?.upcoming.map((u) => u.rule)).toEqual(["router-reporting"]);
      const duty = on?.rules.find((r) => r.rule === "router-reporting");
      expect(duty?.obligation).toBe("duty");
      expect(duty?.status).toBeNull();
      expect(duty?.routes).toEqual([]);
      expect(on?.status).toBe(before?.status);
    }
    expect(zz("router", "2026-03-01", label("sg-cls", "L2"))?.status).toBe("held");
  });
});
