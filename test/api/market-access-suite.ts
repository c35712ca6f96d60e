import { describe, expect, it } from "vitest";
import { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { MarketAccessAnswer } from "../../src/contracts/market-access-answer.ts";
import { expectBody, expectProblem, type Fetch } from "./api-suite.ts";

/**
 * GET /v1/market-access against the reviewed catalog, written once and run on Node and inside workerd. The dates are
 * the rules' own boundaries: the day before and the day a rule, an exception or an arrangement starts.
 */
export function marketAccessSuite(runtime: string, fetch: Fetch) {
  const ask = async (query: string) => {
    const response = await fetch(`/v1/market-access?${query}`);
    expect(response.status).toBe(200);
    return expectBody(response, MarketAccessAnswer);
  };
  const market = (answer: MarketAccessAnswer, id: string) => {
    const found = answer.markets.find((m) => m.market === id);
    if (!found) throw new Error(`no market ${id} in the answer`);
    return found;
  };

  describe(`market access on ${runtime}`, () => {
    it("without a label says what each market requires of a router on the date", async () => {
      const answer = await ask("category=router&asOf=2026-06-01");
      expect(answer.label).toBeNull();
      expect(answer.markets.map((m) => m.market)).toEqual(expect.arrayContaining(["EU", "GB", "JP", "SG", "US"]));
      for (const m of answer.markets) {
        expect(m.status).toBeNull();
        for (const rule of m.rules) expect(rule.status).toBeNull();
      }
      expect(market(answer, "SG")).toMatchObject({ required: true });
      expect(market(answer, "SG").rules.map((r) => [r.rule, r.obligation, r.minLevel])).toEqual([
        ["router-cls-l1", "mandatory", "L1"],
      ]);
      expect(market(answer, "US").required).toBe(false);
      expect(market(answer, "JP").required).toBe(false);
      expect(market(answer, "EU").rules.map((r) => r.scheme)).toEqual(["eu-red-da"]);
      expect(market(answer, "SG").announcements.map((a) => [a.minLevel, a.expected])).toContainEqual(["L2", "by 2027"]);
    });

    it("Singapore's router rule starts on 13 Apr 2021; before it the CLS label was voluntary for routers too", async () => {
      const before = market(await ask("label=jc-star:STAR-1&category=router&asOf=2021-04-12&market=SG"), "SG");
      expect(before.required).toBe(false);
      expect(before.status).toBe("nothing-required");
      expect(before.rules.map((r) => [r.rule, r.obligation])).toEqual([["consumer-iot-cls-voluntary", "voluntary"]]);
      expect(before.upcoming.map((u) => u.rule)).toEqual(["router-cls-l1"]);

      const on = market(await ask("label=jc-star:STAR-1&category=router&asOf=2021-04-13&market=SG"), "SG");
      expect(on.required).toBe(true);
      expect(on.status).toBe("not-met");
      // The step says what to do with the scheme's and level's names; the ids stay in the structured fields.
      expect(on.rules[0]?.nextSteps[0]).toMatchObject({ kind: "label-falls-short" });
      expect(on.rules[0]?.nextSteps[0]?.en).toContain("— Level 1 (★).");
      expect(on.rules[0]?.nextSteps[0]?.en).not.toContain("sg-cls");
      expect(on.rules[0]?.nextSteps[0]?.ja, on.rules[0]?.nextSteps[0]?.ja).toContain("レベル 1(★) を求めます"); // exactly: the data has a levelNote
      expect(on.rules[0]?.nextSteps.slice(1).map((s) => s.kind)).toEqual(["rule-step", "rule-step", "rule-step"]);
      expect(on.rules[0]?.nextSteps[1]?.ja).toContain("IMDA");
      expect(on.rules[0]?.legalBasis).toContain("TS RG-SEC");
      // A smart speaker is not a router: for it the label stays voluntary on the same day.
      const speaker = market(
        await ask("label=jc-star:STAR-1&category=smart-appliance&asOf=2021-04-13&market=SG"),
        "SG",
      );
      expect(speaker.status).toBe("nothing-required");
    });

    it("a JC-STAR ★1 router earns Singapore's simplified procedure from the day the MoC applies, never held", async () => {
      const before = market(await ask("label=jc-star:STAR-1&category=router&asOf=2026-05-31&market=SG"), "SG");
      expect(before.status).toBe("not-met");
      const on = market(await ask("label=jc-star:STAR-1&category=router&asOf=2026-06-01&market=SG"), "SG");
      expect(on.status).toBe("simplified-procedure");
      const rule = on.rules[0];
      expect(rule?.routes.map((r) => [r.arrangement, r.effect, r.toLevel])).toEqual([
        ["jp-sg-moc-2026", "simplified-application", "L1"],
      ]);
      expect(rule?.nextSteps[0]?.kind).toBe("apply-under-route");
      expect(rule?.nextSteps[0]?.en).toMatch(/^Apply for .* — Level 1 \(★\) under /);
      expect(rule?.nextSteps[0]?.ja, rule?.nextSteps[0]?.ja).toContain("レベル 1(★) を申請してください");
      expect(on.confidence).toBe("secondary");
    });

    it("a CLS label is held in Singapore at or above the minimum level", async () => {
      for (const level of ["L1", "L2", "L4"]) {
        const sg = market(await ask(`label=sg-cls:${level}&category=router&asOf=2026-06-01&market=SG`), "SG");
        expect(sg.status).toBe("held");
        expect(sg.rules[0]?.routes).toEqual([]);
      }
    });

    it("the UK recognises ★1 from 4 Dec 2025, not the day before, and says on what conditions", async () => {
      const before = market(await ask("label=jc-star:STAR-1&category=router&asOf=2025-12-03&market=GB"), "GB");
      expect(before.status).toBe("not-met");
      const on = market(await ask("label=jc-star:STAR-1&category=router&asOf=2025-12-04&market=GB"), "GB");
      expect(on.status).toBe("recognized");
      const route = on.rules[0]?.routes.find((r) => r.arrangement === "uk-si-2025-1267");
      expect(route?.effect).toBe("deemed-compliance");
      expect(route?.remainingRequirements).toEqual([]);
      expect(on.rules[0]?.legalBasis).toContain("SI 2023/1007");
      expect(on.rules[0]?.sources.some((s) => s.kind === "primary")).toBe(true);
    });

    it("PSTI's excepted products need nothing, and the exception is stated with its source", async () => {
      for (const category of ["smart-meter", "medical-device", "ev-charge-point"]) {
        const gb = market(await ask(`label=jc-star:STAR-1&category=${category}&asOf=2026-06-01&market=GB`), "GB");
        expect(gb.required).toBe(false);
        expect(gb.status).toBe("nothing-required");
        expect(gb.rules).toEqual([]);
        expect(gb.excepted.map((e) => e.rule)).toEqual(["psti-consumer-connectable"]);
        expect(gb.excepted[0]?.sources.length).toBeGreaterThan(0);
      }
      const camera = market(await ask("category=network-camera&asOf=2026-06-01&market=GB"), "GB");
      expect(camera.required).toBe(true);
      expect(camera.excepted).toEqual([]);
    });

    it("the EU hands over from the RED delegated act to the CRA on 11 Dec 2027", async () => {
      // The mandatory rule hands over; the CRA's reporting duty (from 11 Sep 2026) stays in force on both days.
      const mandatory = (rules: { obligation: string; scheme: string }[]) =>
        rules.filter((r) => r.obligation === "mandatory").map((r) => r.scheme);
      const last = market(await ask("category=router&asOf=2027-12-10&market=EU"), "EU");
      expect(mandatory(last.rules)).toEqual(["eu-red-da"]);
      expect(last.rules.map((r) => r.rule)).toContain("cra-art14-reporting");
      expect(last.upcoming.map((u) => [u.scheme, u.effectiveFrom])).toEqual([["eu-cra", "2027-12-11"]]);
      const first = market(await ask("category=router&asOf=2027-12-11&market=EU"), "EU");
      expect(mandatory(first.rules)).toEqual(["eu-cra"]);
      expect(first.rules.map((r) => r.rule)).toContain("cra-art14-reporting");
      const before = market(await ask("category=router&asOf=2025-07-31&market=EU"), "EU");
      expect(before.required).toBe(false);
      const medical = market(await ask("category=medical-device&asOf=2026-06-01&market=EU"), "EU");
      expect(medical.required).toBe(false);
      expect(medical.excepted.map((e) => e.rule)).toEqual(["red-da-internet-connected-radio"]);
    });

    it("the US mark is voluntary, and answers naming it carry the programme status", async () => {
      const us = market(await ask("label=jc-star:STAR-1&category=router&asOf=2026-06-01&market=US"), "US");
      expect(us.required).toBe(false);
      expect(us.status).toBe("nothing-required");
      const rule = us.rules[0];
      expect(rule?.obligation).toBe("voluntary");
      expect(rule?.status).toBe("not-met");
      expect(rule?.programmeStatus.map((e) => e.date)).toContain("2026-01-26");
      expect(us.announcements.map((a) => a.id)).toEqual(["federal-procurement-2027"]);

      const response = await fetch("/v1/equivalence?from=jc-star:STAR-1&to=us-ctm&asOf=2026-06-01");
      const equivalence = await expectBody(response, EquivalenceAnswer);
      const notice = equivalence.programmeStatus.find((e) => e.date === "2026-01-26");
      expect(notice?.until).toBe("2026-02-24");
      expect(notice?.provenance.confidence).toBe("primary");
      const other = await expectBody(
        await fetch("/v1/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-06-01"),
        EquivalenceAnswer,
      );
      expect(other.programmeStatus).toEqual([]);
    });

    it("Japan requires nothing; government buyers' ★1 expectation is shown as procurement, unconfirmed", async () => {
      const jp = market(await ask("label=jc-star:STAR-1&category=network-camera&asOf=2026-06-01&market=JP"), "JP");
      expect(jp.required).toBe(false);
      expect(jp.status).toBe("nothing-required");
      const procurement = jp.rules.find((r) => r.obligation === "procurement");
      expect(procurement).toMatchObject({
        scheme: "jc-star",
        minLevel: "STAR-1",
        status: "held",
        confidence: "unconfirmed",
      });
      expect(jp.confidence).toBe("unconfirmed");
      const laptop = market(await ask("category=general-purpose-computer&asOf=2026-06-01&market=JP"), "JP");
      expect(laptop.rules).toEqual([]);
      expect(laptop.excepted.map((e) => e.rule).sort()).toEqual(["government-procurement-star-1", "jc-star-voluntary"]);
    });

    it("next steps name the easier route, its fee and what remains (PSTI-compliant product seeking ★1)", async () => {
      const jp = market(await ask("label=uk-psti:compliant&category=router&asOf=2026-06-01&market=JP"), "JP");
      const voluntary = jp.rules.find((r) => r.rule === "jc-star-voluntary");
      expect(voluntary?.status).toBe("simplified-procedure");
      expect(voluntary?.routes.map((r) => [r.arrangement, r.effect])).toEqual([
        ["jp-uk-moc-2025", "requirement-exemption"],
      ]);
      const steps = voluntary?.nextSteps.map((s) => s.en).join("\n") ?? "";
      expect(steps).toMatch(/^Apply for JC-STAR — ★1 \(STAR-1\) under /);
      expect(steps).toContain("Fee: 140000 JPY");
      expect(steps).toMatch(/Still to meet for JC-STAR — ★1 \(STAR-1\) \(13\): S1\.1-01, S1\.1-03, /);
      const ja = voluntary?.nextSteps.map((s) => s.ja).join("\n") ?? "";
      // The fee note in the step's language, from the arrangement's companion file (the English stays in `en`).
      expect(ja).toContain(
        "手数料: 140000 JPY — PSTI法経路の ★1 申請手数料(税込)(通常の ★1 申請手数料は 198,000 円)。",
      );
      expect(steps).toContain(
        "Fee: 140000 JPY — PSTI-route STAR-1 application fee, tax included (standard STAR-1 fee ¥198,000).",
      );
      expect(ja).toMatch(/JC-STAR — ★1 \(STAR-1\) で引き続き満たす必要がある要求事項\(13 件\): S1\.1-01, S1\.1-03, /);
      expect(voluntary?.nextSteps.map((s) => s.kind)).toContain("route-fee");
      // A condition with Japanese in the companion file is not labelled "in English".
      expect(ja).toContain("条件: この経路では英語で申請できる(それ以外の JC-STAR の申請は日本語で行う)。");
      expect(ja).not.toContain("条件(英語)");
      expect(voluntary?.routes[0]?.remainingRequirements).toHaveLength(13);
    });

    it("one market can be asked alone, UK meaning GB; repeats are served from the cache with the same ETag", async () => {
      const first = await fetch("/v1/market-access?label=sg-cls:L2&category=router&asOf=2026-06-01&market=uk");
      expect(first.status).toBe(200);
      const body = await expectBody(first, MarketAccessAnswer);
      expect(body.markets.map((m) => m.market)).toEqual(["GB"]);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"/);
      const again = await fetch("/v1/market-access?label=sg-cls:L2&category=router&asOf=2026-06-01&market=uk");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("x-cache")).toBe("hit");
      const notModified = await fetch("/v1/market-access?label=sg-cls:L2&category=router&asOf=2026-06-01&market=uk", {
        headers: { "If-None-Match": etag ?? "" },
      });
      expect(notModified.status).toBe(304);
    });

    it("unknown market, category or label are 404 problems naming the parameter; malformed input is 400", async () => {
      const cases: [string, number, string][] = [
        ["category=router&market=ZZ", 404, "/query/market"],
        ["category=toaster", 404, "/query/category"],
        ["category=router&label=kr-nope:Basic", 404, "/query/label"],
        ["category=router&label=jc-star:STAR-9", 404, "/query/label"],
        ["category=router&asOf=2026-02-30", 400, "/query/asOf"],
        ["category=router&label=jc-star", 400, "/query/label"],
        ["asOf=2026-01-01", 400, "/query/category"],
        ["category=router&market=GBR", 400, "/query/market"],
      ];
      for (const [query, status, pointer] of cases) {
        const problem = await expectProblem(await fetch(`/v1/market-access?${query}`), status);
        expect(
          problem.errors?.map((e) => e.pointer),
          query,
        ).toContain(pointer);
      }
    });
  });
}
