import { describe, expect, it } from "vitest";
import { type Translation, TranslationResult } from "../../src/contracts/translation.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";

const { app } = createTestApp({ today: "2026-11-25" });

function post(
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
  path = "/v1/translations",
) {
  return app.request(path, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A translation with the full recognition answer (?include=recognition). */
async function translate(from: string, to: string, record: unknown, asOf = "2026-01-15"): Promise<Translation> {
  const response = await post({ from, to, record, asOf }, undefined, "/v1/translations?include=recognition");
  expect(response.status).toBe(200);
  const result = await expectBody(response, TranslationResult);
  expect(result.recognition).toHaveProperty("coverage");
  return result as Translation;
}

describe("POST /v1/translations", () => {
  it("summarises recognition by default: verdict, rules with instruments and sources, where the full answer is", async () => {
    const body = { from: "jc-star", to: "uk-psti", record: recordFixture("jc-star"), asOf: "2026-01-15" };
    const summary = await expectBody(await post(body), TranslationResult);
    const full = await translate("jc-star", "uk-psti", recordFixture("jc-star"));
    expect(summary.recognition).toEqual({
      verdict: full.recognition.verdict,
      recognized: true,
      rules: [
        expect.objectContaining({
          arrangement: "uk-si-2025-1267",
          instrument: "regulation",
          rule: "jc-star-star-1-to-uk-psti",
          effect: "deemed-compliance",
          sources: full.recognition.legal.rules[0]?.sources,
        }),
      ],
      notApplied: full.recognition.legal.notApplied.length,
      full: "/v1/translations?include=recognition",
      equivalence: "/v1/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-01-15",
    });
    // The link answers: the level's equivalence answer on that day.
    const linked = await app.request((summary.recognition as { equivalence: string }).equivalence);
    expect(linked.status).toBe(200);
    expect(((await linked.json()) as { verdict: string }).verdict).toBe(full.recognition.verdict);
    const { recognition: _, ...rest } = full;
    const { recognition: __, ...summaryRest } = summary;
    expect(summaryRest).toEqual(rest);
    await expectProblem(await post(body, undefined, "/v1/translations?include=everything"), 400);
  });

  it("translates a JC-STAR registration with several models into a draft PSTI statement, recognized by SI 2025/1267", async () => {
    const result = await translate("jc-star", "uk-psti", recordFixture("jc-star"));
    expect(result.status).toBe("recognized");
    expect(result.recognition.legal.rules.map((r) => r.arrangement)).toEqual(["uk-si-2025-1267"]);
    // Product facts only: the JC-STAR issue date is IPA's grant, not the date the manufacturer issues a statement.
    expect(result.record).toEqual({
      productType: "Router",
      productIdentifier: "SG-1000, SG-1000W, SG-1000W-B, SG-2000",
      manufacturerName: "Sakura Networks K.K.",
    });
    // The statement's declarations and signature are the manufacturer's: the draft says what is missing.
    expect(result.recordValid).toBe(false);
    expect(result.unmapped.filter((u) => u.required).map((u) => u.field)).toEqual(
      expect.arrayContaining(["signatoryName", "complianceDeclaration"]),
    );
    // A product fact JC-STAR does not hold: a warning says who supplies it.
    expect(result.warnings).toContainEqual({
      field: "record.manufacturerAddress",
      code: "required-missing",
      message: {
        en: "The PSTI statement of compliance (SI 2023/1007, Schedule 4) requires manufacturerAddress, and it is missing: supplied by the manufacturer.",
        ja: "PSTI statement of compliance (SI 2023/1007, Schedule 4) には manufacturerAddress が必要ですが、ありません。製造者が提供します。",
      },
    });
    expect(result.unmapped.map((u) => u.field)).toEqual(
      expect.arrayContaining(["signatoryName", "canonical.registrationId", "canonical.dates.validUntil"]),
    );
    // SI 2025/1267 says the valid label also meets the statement-of-compliance duty: said, cited, not filled in.
    const signatory = result.unmapped.find((u) => u.field === "signatoryName");
    expect(signatory).toMatchObject({
      code: "stood-for-by-rule",
      setBy: "declaration",
      rule: { arrangement: "uk-si-2025-1267", rule: "jc-star-star-1-to-uk-psti" },
    });
    expect(signatory?.reason.en).toContain("SI 2025/1267");
    expect(signatory?.reason.ja).toContain("SI 2025/1267");
    expect(result.canonical).toMatchObject({
      scheme: "jc-star",
      level: "STAR-1",
      schemeVersion: "JST-CR-01-01-2024R1",
      holder: { name: "Sakura Networks K.K.", identifiers: [{ type: "jp-corporate-number", value: "1234567890123" }] },
      product: { models: ["SG-1000", "SG-1000W", "SG-1000W-B", "SG-2000"] },
      issuer: { assessmentMode: "self-declaration" },
      native: { scheme: "jc-star" },
    });
    expect(result.derivation).toMatchObject({
      sourceDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      fieldMaps: ["jc-star:toCanonical", "uk-psti:fromCanonical"],
      path: ["jc-star", "canonical", "uk-psti"],
    });
  });

  it("reads a CLS label's expiry from its registration ID", async () => {
    const result = await translate("sg-cls", "uk-psti", recordFixture("sg-cls"));
    expect(result.canonical.dates.validUntil).toBe("2028-04-15");
    expect(result.canonical.level).toBe("L3");
    expect(result.status).toBe("recognized");
  });

  it("flags a relative PSTI support period, and normalises an absolute one", async () => {
    const relative = await translate("uk-psti", "jc-star", recordFixture("uk-psti"));
    expect(relative.canonical.dates.supportPeriodEnd).toBeNull();
    expect(relative.warnings).toContainEqual({
      field: "canonical.dates.supportPeriodEnd",
      code: "support-period-relative",
      message: { en: expect.stringContaining("relative"), ja: expect.stringContaining("相対的") },
    });
    const absolute = await translate("uk-psti", "us-ctm", {
      ...recordFixture("uk-psti"),
      supportPeriod: "Minimum support period: 5 years (until 30.5.2030)",
    });
    expect(absolute.canonical.dates.supportPeriodEnd).toBe("2030-05-30");
    expect(absolute.record.supportPeriodEnd).toBe("2030-05-30");
  });

  it("PSTI → JC-STAR: the MoC's exemption, provisional, with the 13 remaining requirements", async () => {
    const result = await translate("uk-psti", "jc-star", recordFixture("uk-psti"), "2026-02-01");
    expect(result.status).toBe("provisional");
    expect(result.recognition.verdict).toBe("partially-recognized");
    expect(result.recognition.legal.rules[0]?.remainingRequirements).toHaveLength(13);
    // JC-STAR registration numbers and levels are IPA's to issue.
    expect(result.record.registrationNumber).toBeUndefined();
  });

  it("a label issued against another spec version than a rule pins gets nothing from that rule", async () => {
    const older = { ...recordFixture("sg-cls"), specVersion: "CCC SP-151-2 v1.0" };
    const early = await translate("sg-cls", "uk-psti", older, "2025-12-10");
    expect(early.status).toBe("provisional");
    expect(early.recognition.legal.notApplied).toContainEqual(
      expect.objectContaining({
        arrangement: "uk-si-2025-1267",
        reason: expect.stringContaining("issued against CCC SP-151-2 v1.0"),
      }),
    );
    // The Singapore–UK MoU pins no version: from 2026-01-01 it recognizes the label anyway.
    const later = await translate("sg-cls", "uk-psti", older, "2026-01-15");
    expect(later.recognition.legal.rules.map((r) => r.arrangement)).toEqual(["sg-uk-mou-2025"]);
  });

  it("an expired label earns no recognition", async () => {
    const expired = { ...recordFixture("jc-star"), expiryDate: "2025-12-31" };
    const result = await translate("jc-star", "uk-psti", expired, "2026-01-15");
    expect(result.canonical.status).toBe("expired");
    expect(result.status).toBe("provisional");
    expect(result.recognition.legal.rules).toEqual([]);
    expect(result.recognition.legal.notApplied).toContainEqual(
      expect.objectContaining({
        reason: "the label expired on 2025-12-31",
        reasonJa: "ラベルの有効期限は 2025-12-31 に切れている",
      }),
    );
    expect(result.recognition.verdict).not.toBe("recognized");
  });

  it("a withdrawn US Cyber Trust Mark grant earns nothing either", async () => {
    const result = await translate("us-ctm", "jc-star", { ...recordFixture("us-ctm"), authorizationStatus: "revoked" });
    expect(result.canonical.status).toBe("withdrawn");
    expect(result.recognition.legal.rules).toEqual([]);
  });

  it("JC-STAR → PSTI → JC-STAR keeps the product's identity and the holder; dates are each issuer's own", async () => {
    const original = recordFixture("jc-star");
    const psti = await translate("jc-star", "uk-psti", original);
    // The manufacturer completes and signs the statement; then it comes back.
    const signed = {
      ...psti.record,
      manufacturerAddress: "1-2-3 Example, Tokyo",
      preparedByManufacturerDeclaration: "Prepared by Sakura Networks K.K.",
      complianceDeclaration: "Complies with Schedule 1.",
      supportPeriod: "until 2030-06-30",
      signatoryName: "Taro Example",
      signatoryFunction: "CISO",
      placeOfIssue: "Tokyo",
      dateOfIssue: "2025-09-01",
    };
    const back = await translate("uk-psti", "jc-star", signed);
    expect(back.record).toMatchObject({
      vendorName: original.vendorName,
      modelNumbers: original.modelNumbers,
      productType: original.productType,
    });
    // Neither the statement's date nor anything else of it becomes a JC-STAR issue date: IPA issues that.
    expect(back.record.issueDate).toBeUndefined();
    expect(back.unmapped).toContainEqual(expect.objectContaining({ field: "issueDate", code: "issued-by-target" }));
    expect(back.canonical.dates.supportPeriodEnd).toBe("2030-06-30");
  });

  it("carries requirement results through the crosswalks: equal copies, the most restrictive source wins", async () => {
    const canonical = (await translate("jc-star", "uk-psti", recordFixture("jc-star"))).canonical;
    const withResults = {
      ...canonical,
      requirementResults: [
        { requirement: "S1.1-02", result: "pass", evidence: [] },
        { requirement: "S1.1-05", result: "fail", evidence: [] },
        { requirement: "S1.1-16", result: "not-assessed", evidence: [] },
      ],
    };
    const response = await post({
      from: "jc-star",
      to: "uk-psti",
      format: "canonical",
      record: withResults,
      asOf: "2026-01-15",
    });
    const result = await expectBody(response, TranslationResult);
    expect(result.requirementResults.map((r) => [r.requirement, r.result])).toEqual([
      ["1", "pass"],
      ["2", "fail"],
      ["3", "not-assessed"],
    ]);
  });

  it("turns a pass into partial across a subset or intersects row (through the hub)", async () => {
    const canonical = (await translate("jc-star", "sg-cls", recordFixture("jc-star"))).canonical;
    const response = await post({
      from: "jc-star",
      to: "sg-cls",
      format: "canonical",
      record: { ...canonical, requirementResults: [{ requirement: "S1.1-02", result: "pass", evidence: [] }] },
    });
    const result = await expectBody(response, TranslationResult);
    // S1.1-02 intersects EN 303 645 5.1-1, which CLS requirement 5.1-1 equals: composed, an overlap — a pass becomes partial.
    expect(result.requirementResults.map((r) => r.requirement)).toEqual(["5.1-1"]);
    for (const r of result.requirementResults) {
      expect(r.result).toBe("partial");
      expect(r.from.every((f) => f.relationship !== "equal" && f.relationship !== "superset-of")).toBe(true);
    }
  });

  it("rejects a bad record with 422 listing every bad field by pointer, and changes nothing", async () => {
    const bad = { ...recordFixture("jc-star"), vendorName: "", issueDate: "2025-13-01", colour: "red" };
    delete (bad as Record<string, unknown>).productName;
    const problem = await expectProblem(await post({ from: "jc-star", to: "uk-psti", record: bad }), 422);
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual([
      "/body/record/colour",
      "/body/record/issueDate",
      "/body/record/productName",
      "/body/record/vendorName",
    ]);
  });

  it("answers bad requests with problems: 404, 422 for an unsupported pair, 415, 413, 400", async () => {
    const unknown = await expectProblem(await post({ from: "kr-cic", to: "uk-psti", record: {} }), 404);
    expect(unknown.errors?.[0]?.pointer).toBe("/body/from");
    const pair = await expectProblem(
      await post({ from: "jc-star", to: "etsi-en-303-645", record: recordFixture("jc-star") }),
      422,
    );
    expect(pair.detail).toContain("records translate between: eu-cra, jc-star, sg-cls, uk-psti, us-ctm");
    await expectProblem(await post({ from: "jc-star", to: "jc-star", record: recordFixture("jc-star") }), 422);
    await expectProblem(await post("from=jc-star", { "content-type": "application/x-www-form-urlencoded" }), 415);
    const huge = JSON.stringify({ from: "jc-star", to: "uk-psti", record: { productName: "x".repeat(300_000) } });
    await expectProblem(await post(huge), 413);
    await expectProblem(await post("{not json"), 400);
    const shape = await expectProblem(await post({ from: "jc-star", record: [] }), 422);
    expect(shape.errors?.map((e) => e.pointer).sort()).toEqual(["/body/record", "/body/to"]);
  });
});

describe("POST /v1/translations/batch", () => {
  it("streams one line per input line; a bad line gets a problem and the batch goes on", async () => {
    const lines = [
      JSON.stringify({ from: "jc-star", to: "uk-psti", record: recordFixture("jc-star"), asOf: "2026-01-15" }),
      "{oops",
      JSON.stringify({ from: "sg-cls", to: "uk-psti", record: { registrationId: "nope" } }),
      "",
      JSON.stringify({ from: "eu-cra", to: "jc-star", record: recordFixture("eu-cra") }),
    ].join("\n");
    const response = await app.request("/v1/translations/batch", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: lines,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const out = (await response.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => [o.line, o.result ? "result" : o.problem.status])).toEqual([
      [1, "result"],
      [2, 400],
      [3, 422],
      [5, "result"],
    ]);
    expect(TranslationResult.safeParse(out[0].result).success).toBe(true);
    expect(out[2].problem.errors.map((e: { pointer: string }) => e.pointer)).toContain("/body/record/registrationId");
  });

  it("a batch larger than one write group answers every line once, in order", async () => {
    // ~13 KB a result: 40 lines are several 64 KiB groups, with problems between them.
    const good = JSON.stringify({
      from: "jc-star",
      to: "uk-psti",
      record: recordFixture("jc-star"),
      asOf: "2026-01-15",
    });
    const input = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? "{oops" : good));
    const response = await app.request("/v1/translations/batch", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: input.join("\n"),
    });
    const text = await response.text();
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    const out = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line: number; result?: unknown; problem?: { status: number } });
    expect(out.map((o) => [o.line, o.result ? "result" : o.problem?.status])).toEqual(
      input.map((l, i) => [i + 1, l === good ? "result" : 400]),
    );
  });

  it("summarises recognition per line unless ?include=recognition; any other include is a 400", async () => {
    const line = JSON.stringify({
      from: "jc-star",
      to: "sg-cls",
      record: recordFixture("jc-star"),
      asOf: "2026-07-01",
    });
    const batch = (query: string) =>
      app.request(`/v1/translations/batch${query}`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson" },
        body: `${line}\n${line}`,
      });
    const lines = async (response: Response) =>
      (await response.text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { result: { recognition: Record<string, unknown>; records: unknown[] } });
    const summary = await lines(await batch(""));
    expect(summary.map((l) => Object.keys(l.result.recognition).sort())).toEqual([
      ["equivalence", "full", "notApplied", "recognized", "rules", "verdict"],
      ["equivalence", "full", "notApplied", "recognized", "rules", "verdict"],
    ]);
    // One CLS entry per JC-STAR model, on every line.
    expect(summary.map((l) => l.result.records.length)).toEqual([4, 4]);
    const full = await lines(await batch("?include=recognition"));
    expect(full.every((l) => "coverage" in l.result.recognition)).toBe(true);
    await expectProblem(await batch("?include=all"), 400);
  });

  it("refuses a batch over the documented line limit with 413", async () => {
    const line = JSON.stringify({ from: "jc-star", to: "uk-psti", record: {} });
    const body = Array.from({ length: 1001 }, () => line).join("\n");
    const response = await app.request("/v1/translations/batch", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body,
    });
    await expectProblem(response, 413);
  });
});
