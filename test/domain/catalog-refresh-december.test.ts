import { describe, expect, it } from "vitest";
import type { Label } from "../../src/domain/market-access/label-status.ts";
import { answerMarketAccess } from "../../src/domain/market-access/market-access.ts";
import { ask, catalogIndex, engine } from "../helpers/engine.ts";

const label = (id: string): Label => {
  const [scheme = "", level = ""] = id.split(":");
  const s = catalogIndex.scheme(scheme);
  const l = catalogIndex.level(scheme, level);
  if (!s || !l) throw new Error(`no ${id}`);
  return { scheme: s, level: l };
};

/** One market's answer for a label (or none), category and date, as the route computes it. */
const market = (code: string, category: string, asOf: string, held?: string) => {
  const answer = answerMarketAccess(
    catalogIndex,
    (from, target) => engine.answer({ from, to: { scheme: target, level: undefined }, asOf, category }),
    { label: held ? label(held) : undefined, category, asOf, market: code },
  );
  const m = answer.markets[0];
  if (!m) throw new Error(`no market ${code}`);
  return m;
};

// Facts refreshed against regulators' own pages on 2026-12-06 (issue 20), each at the date boundaries it names.
describe("catalog refresh, December 2026", () => {
  describe("SG–DE router rule (BSI press release, 16.10.2024)", () => {
    it("a CLS Level 1 router gets nothing from the BSI, on either side of 16 Oct 2024", () => {
      expect(ask("sg-cls:L1", "de-bsi-label", "2024-10-15", "router").legal.rules).toEqual([]);
      const after = ask("sg-cls:L1", "de-bsi-label", "2024-10-16", "router");
      expect(after.legal.rules).toEqual([]);
      expect(after.legal.notApplied.find((n) => n.rule === "sg-cls-router-to-de-bsi-label")?.reason).toContain(
        "Level 2 (★★) or higher",
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

  describe("EU: the CRA's Art. 14 reporting duty from 11 Sep 2026, whatever the label", () => {
    const labels = [undefined, "jc-star:STAR-1", "eu-red-da:module-a", "eu-cra:module-a", "sg-cls:L4"];
    const duty = "cra-art14-reporting";

    it("is upcoming on 2026-09-10 and applies from 2026-09-11, for routers and cameras, with or without a label", () => {
      for (const category of ["router", "network-camera"]) {
        for (const held of labels) {
          const before = market("EU", category, "2026-09-10", held);
          expect(before.rules.map((r) => r.rule)).not.toContain(duty);
          expect(before.upcoming.find((u) => u.rule === duty)?.effectiveFrom).toBe("2026-09-11");
          const on = market("EU", category, "2026-09-11", held);
          const rule = on.rules.find((r) => r.rule === duty);
          expect(rule?.obligation).toBe("duty");
          // No label meets or waives it: it has no label status and no routes.
          expect(rule?.status).toBeNull();
          expect(rule?.routes).toEqual([]);
          expect(rule?.summary).toContain("24 hours");
        }
      }
    });

    it("never changes a verdict: the market's status on 2026-09-11 is the status of 2026-09-10", () => {
      for (const category of ["router", "network-camera"]) {
        for (const held of labels) {
          expect(market("EU", category, "2026-09-11", held).status).toBe(
            market("EU", category, "2026-09-10", held).status,
          );
        }
      }
    });

    it("still applies across the RED → CRA hand-over (2027-12-10 / 2027-12-11), beside the rule in force", () => {
      const dec10 = market("EU", "router", "2027-12-10", "eu-red-da:module-a");
      expect(dec10.rules.map((r) => r.rule)).toEqual(["red-da-internet-connected-radio", duty]);
      expect(dec10.status).toBe("held");
      const dec11 = market("EU", "router", "2027-12-11", "eu-cra:module-a");
      expect(dec11.rules.map((r) => r.rule)).toEqual(["cra-products-with-digital-elements", duty]);
      expect(dec11.status).toBe("held");
      // Products placed before 11 Dec 2027 stay under the duty (Art. 69(3)); the scope says so.
      expect(dec11.rules.find((r) => r.rule === duty)?.scopeNote).toContain("before 11 December 2027");
    });

    it("does not reach products outside the CRA (medical devices)", () => {
      const m = market("EU", "medical-device", "2026-09-11");
      expect(m.rules.map((r) => r.rule)).not.toContain(duty);
      expect(m.excepted.map((e) => e.rule)).toContain(duty);
    });
  });

  it("US mark: DA 26-97 extends the Lead Administrator deadline to 9 Feb 2026; DA 26-75 kept; no new Lead Administrator", () => {
    const events = catalogIndex.scheme("us-ctm")?.programmeStatus ?? [];
    expect(events.find((e) => e.date === "2026-01-29")).toMatchObject({
      until: "2026-02-09",
      provenance: { confidence: "primary" },
    });
    expect(events.find((e) => e.date === "2026-01-26")?.until).toBe("2026-02-24");
    expect(events.find((e) => e.date === "2025-12-19")?.event).toContain("withdrawal");
    expect(events.at(-1)?.event).toContain("No new Lead Administrator is known");
    const dates = events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    // The answer for the mark carries them on both sides of the new deadline.
    for (const date of ["2026-02-09", "2026-02-10"]) {
      expect(ask("jc-star:STAR-1", "us-ctm", date).programmeStatus.map((e) => e.date)).toContain("2026-01-29");
    }
  });

  describe("UK SI 2025/1267: exact title, made 3 Dec 2025, in force 4 Dec 2025", () => {
    const si = () => catalogIndex.arrangements().find((a) => a.id === "uk-si-2025-1267");

    it("carries the instrument's exact title, its official address as location, and the debates read", () => {
      expect(si()?.title).toContain("(Amendment) (No. 2) Regulations 2025");
      expect(si()).toMatchObject({ signed: "2025-12-03", effectiveFrom: "2025-12-04" });
      const sources = Object.values(si()?.sources ?? {});
      expect(sources.find((s) => s.url === "https://www.legislation.gov.uk/uksi/2025/1267")?.kind).toBe("primary");
      // Recorded as a location, not as read: no check date, and the arrangement stays secondary.
      expect(sources.find((s) => s.url.endsWith("/uksi/2025/1267"))?.accessed).toBeUndefined();
      expect(sources.filter((s) => s.url.includes("parallelparliament")).map((s) => s.published)).toEqual([
        "2025-11-04",
        "2025-11-19",
      ]);
      expect(si()?.provenance.confidence).toBe("secondary");
    });

    it("recognises ★1 and any CLS level from 4 Dec 2025, not on 3 Dec, for routers and cameras", () => {
      for (const category of ["router", "network-camera"]) {
        for (const from of ["jc-star:STAR-1", "sg-cls:L1"]) {
          const made = ask(from, "uk-psti", "2025-12-03", category).legal.rules;
          expect(made.filter((r) => r.arrangement === "uk-si-2025-1267")).toEqual([]);
          const inForce = ask(from, "uk-psti", "2025-12-04", category).legal.rules;
          expect(inForce.find((r) => r.arrangement === "uk-si-2025-1267")?.effect).toBe("deemed-compliance");
        }
      }
    });
  });

  it("Japan: the procurement expectation binds agencies, not sellers; ★2+ plans and the ★3 consultation are status events", () => {
    const jp = market("JP", "router", "2026-06-01", "jc-star:STAR-1");
    const procurement = jp.rules.find((r) => r.rule === "government-procurement-star-1");
    expect(procurement?.obligation).toBe("procurement");
    expect(procurement?.scopeNote).toContain("not sellers");
    expect(procurement?.legalBasis).toContain("4.3.1(1)(a)");
    // Still unconfirmed: IPA's page was not re-read, so it is not upgraded.
    expect(procurement?.confidence).toBe("unconfirmed");
    expect(market("JP", "router", "2026-06-01").required).toBe(false);
    const events = catalogIndex.scheme("jc-star")?.programmeStatus ?? [];
    expect(events.find((e) => e.date === "2025-11-27")?.until).toBe("2025-12-12");
    const star2 = events.find((e) => e.event.includes("★2 and higher"));
    expect(star2?.provenance.confidence).toBe("secondary");
    expect(star2?.event).toContain("not confirmed");
  });

  it("Japan–Singapore MoC: from 1 Jun 2026 in both directions; signing date reported, not asserted", () => {
    for (const category of ["router", "network-camera"]) {
      for (const [from, to, rule] of [
        ["jc-star:STAR-1", "sg-cls", "jc-star-star-1-to-sg-cls-l1"],
        ["sg-cls:L1", "jc-star", "sg-cls-l1-to-jc-star-star-1"],
      ] as const) {
        expect(
          ask(from, to, "2026-05-31", category).legal.rules.filter((r) => r.arrangement === "jp-sg-moc-2026"),
        ).toEqual([]);
        const on = ask(from, to, "2026-06-01", category).legal.rules.find((r) => r.arrangement === "jp-sg-moc-2026");
        expect([on?.rule, on?.effect, on?.confidence]).toEqual([rule, "simplified-application", "secondary"]);
      }
    }
    const moc = catalogIndex.arrangements().find((a) => a.id === "jp-sg-moc-2026");
    expect(moc?.signed).toBeUndefined();
    expect(moc?.summary).toContain("18 March 2026");
    expect(
      Object.values(moc?.sources ?? {}).some((s) =>
        s.url.startsWith("https://www.csa.gov.sg/news-events/press-releases"),
      ),
    ).toBe(true);
  });

  describe("Singapore announcements: shown, never applied; past the expected date, a note to check current rules", () => {
    it("routers: Level 1 stays the rule on both sides of the announcement (2026-03-01 / 2026-03-02)", () => {
      for (const date of ["2026-03-01", "2026-03-02"]) {
        const sg = market("SG", "router", date, "sg-cls:L1");
        expect(sg.rules.map((r) => [r.rule, r.minLevel])).toEqual([["router-cls-l1", "L1"]]);
        expect(sg.status).toBe("held");
      }
      expect(market("SG", "router", "2026-03-01").announcements).toEqual([]);
      const on = market("SG", "router", "2026-03-02").announcements;
      expect(on.map((a) => [a.id, a.minLevel, a.expectedBy, a.overdue])).toEqual([
        ["router-cls-l2-by-2027", "L2", "2027-12-31", false],
      ]);
      expect(on[0]?.summary).toContain("TS RG-SEC Issue 2");
    });

    it("routers: past 31 Dec 2027 with no Level 2 rule recorded, the answer says to check; the verdict is unchanged", () => {
      const last = market("SG", "router", "2027-12-31", "sg-cls:L1");
      const after = market("SG", "router", "2028-01-01", "sg-cls:L1");
      expect(last.announcements[0]?.overdue).toBe(false);
      expect(after.announcements[0]?.overdue).toBe(true);
      expect(after.status).toBe(last.status);
      expect(after.rules.map((r) => r.minLevel)).toEqual(["L1"]);
    });

    it("cameras: no mandate on any date — a camera without a label can be sold; the router rule never reaches it", () => {
      for (const date of ["2026-03-01", "2026-03-02", "2027-12-31", "2028-01-01"]) {
        const sg = market("SG", "network-camera", date);
        expect(sg.required).toBe(false);
        expect(sg.rules.map((r) => r.rule)).toEqual(["consumer-iot-cls-voluntary"]);
        expect(market("SG", "network-camera", date, "jc-star:STAR-1").status).toBe("nothing-required");
      }
      const camera = market("SG", "network-camera", "2026-03-02").announcements;
      expect(camera.map((a) => [a.id, a.expectedBy, a.overdue, a.confidence])).toEqual([
        ["camera-cls-l2-considered", null, false, "secondary"],
      ]);
      expect(camera[0]?.summary).toContain("will consider");
    });
  });

  describe("Japan: ★1 announced for grid-connected solar and battery systems (April 2027, draft; secondary)", () => {
    const category = "distributed-energy-resource";
    it("is shown from its announcement, expected — never a rule: such equipment still needs no label", () => {
      expect(market("JP", category, "2025-12-15").announcements).toEqual([]);
      for (const date of ["2025-12-16", "2027-04-30"]) {
        const jp = market("JP", category, date);
        expect(jp.announcements.map((a) => [a.id, a.minLevel, a.expectedBy, a.overdue, a.confidence])).toEqual([
          ["der-star-1-grid-interconnection-2027", "STAR-1", "2027-04-30", false, "secondary"],
        ]);
        expect(jp.required).toBe(false);
      }
      // Routers are not named by the announcement.
      expect(market("JP", "router", "2026-06-01").announcements).toEqual([]);
    });

    it("past 30 Apr 2027 with no mandatory rule recorded it is overdue — JC-STAR's voluntary ★1 rule records nothing", () => {
      const after = market("JP", category, "2027-05-01", "jc-star:STAR-1");
      expect(after.rules.map((r) => r.obligation)).toContain("voluntary");
      expect(after.announcements[0]?.overdue).toBe(true);
      expect(after.status).toBe(market("JP", category, "2027-04-30", "jc-star:STAR-1").status);
    });
  });

  describe("Australia: the smart-device security standard from 4 Mar 2026 (Cyber Security Act 2024, Part 2)", () => {
    const rule = "smart-devices-consumer-grade";

    it("a router: upcoming on 2026-03-03, mandatory from 2026-03-04 (primary), with no recognition of any foreign label", () => {
      const before = market("AU", "router", "2026-03-03");
      expect(before.required).toBe(false);
      expect(before.rules).toEqual([]);
      expect(before.upcoming.find((u) => u.rule === rule)?.effectiveFrom).toBe("2026-03-04");
      const on = market("AU", "router", "2026-03-04");
      expect(on.required).toBe(true);
      expect(on.rules.map((r) => [r.rule, r.obligation, r.scheme, r.minLevel, r.confidence])).toEqual([
        [rule, "mandatory", "au-smart-devices", "compliant", "primary"],
      ]);
      expect(on.rules[0]?.sources.some((s) => s.url.includes("homeaffairs.gov.au") && s.kind === "primary")).toBe(true);
      // No source mentions recognition of a foreign label: JC-STAR ★1, CLS Level 4 and PSTI compliance all fall short,
      // on both sides of the date, with no route; the Australian compliance itself is what is held.
      for (const held of ["jc-star:STAR-1", "sg-cls:L4", "uk-psti:compliant"]) {
        expect(market("AU", "router", "2026-03-03", held).status).toBe("nothing-required");
        const m = market("AU", "router", "2026-03-04", held);
        expect([m.status, m.rules[0]?.routes]).toEqual(["not-met", []]);
      }
      expect(market("AU", "router", "2026-03-04", "au-smart-devices:compliant").status).toBe("held");
      expect(catalogIndex.arrangements().some((a) => a.rules.some((r) => r.to.scheme === "au-smart-devices"))).toBe(
        false,
      );
    });

    it("smartphones and laptops (general-purpose computers) are excluded, on either side of the date (primary)", () => {
      for (const date of ["2026-03-03", "2026-03-04"]) {
        const m = market("AU", "general-purpose-computer", date, "jc-star:STAR-1");
        expect(m.required).toBe(false);
        expect(m.rules).toEqual([]);
        expect(m.status).toBe("nothing-required");
      }
      const excepted = market("AU", "general-purpose-computer", "2026-03-04").excepted;
      expect(excepted.map((e) => [e.rule, e.confidence])).toEqual([[rule, "primary"]]);
      expect(excepted[0]?.exception).toContain("smartphones");
      expect(excepted[0]?.exception).toContain("laptops");
      // The exclusions only section 8's secondary summaries give stay secondary.
      expect(market("AU", "medical-device", "2026-03-04").excepted.map((e) => e.confidence)).toEqual(["secondary"]);
    });

    it("the standard's three requirements are mapped to the hub (no gaps), every row Kakehashi's analysis", () => {
      const scheme = catalogIndex.scheme("au-smart-devices");
      expect(scheme?.requirements.map((r) => r.id)).toEqual(["2", "3", "4"]);
      expect(scheme?.versions[0]?.effectiveFrom).toBe("2026-03-04");
      const answer = ask("jc-star:STAR-1", "au-smart-devices", "2026-03-04", "router");
      const level = answer.coverage.levels.find((l) => l.level === "compliant");
      expect(level?.noMapping).toEqual([]);
      expect(answer.provenance.confidence).toBe("unconfirmed");
    });
  });
});
