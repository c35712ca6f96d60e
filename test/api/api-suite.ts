import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ArrangementList,
  CrosswalkList,
  Health,
  LevelDetail,
  RequirementDetail,
  Scheme,
  SchemeList,
} from "../../src/contracts/api.ts";
import { EquivalenceAnswer, EquivalenceMatrix } from "../../src/contracts/equivalence.ts";
import { TranslationResult } from "../../src/contracts/translation.ts";
import { Problem } from "../../src/lib/problem.ts";
import { checkedFetch } from "../helpers/checked-fetch.ts";

export type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Reads a JSON body and checks it against the schema the route declares: every answer must match its contract. */
export async function expectBody<T extends z.ZodType>(response: Response, schema: T): Promise<z.infer<T>> {
  const body = await response.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(`body does not match its schema: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
  return parsed.data;
}

export async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const problem = await expectBody(response, Problem);
  expect(problem.status).toBe(status);
  expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+|node_modules|Error:/);
  return problem;
}

/**
 * The catalog API's behaviour, written once and run against the Node app (app.request) and inside workerd (SELF),
 * so both runtimes are held to the same contract.
 */
export function catalogApiSuite(runtime: string, uncheckedFetch: Fetch) {
  // Every response this suite receives is held to the OpenAPI document, whichever runtime served it.
  const fetch = checkedFetch(uncheckedFetch);
  describe(`catalog API on ${runtime}`, () => {
    it("GET /healthz reports the catalog it serves", async () => {
      const response = await fetch("/healthz");
      expect(response.status).toBe(200);
      const body = await expectBody(response, Health);
      expect(body.catalog.schemes).toBeGreaterThanOrEqual(7);
      expect(body.catalog.digest).toMatch(/^[0-9a-f]{64}$/);
    });

    it("GET /v1/schemes lists every scheme with ordered levels, assurance mode and rank", async () => {
      const response = await fetch("/v1/schemes");
      expect(response.status).toBe(200);
      const body = await expectBody(response, SchemeList);
      const ids = body.schemes.map((s) => s.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          "jc-star",
          "sg-cls",
          "uk-psti",
          "us-ctm",
          "eu-cra",
          "etsi-en-303-645",
          "iso-iec-29147",
        ]),
      );
      const jcStar = body.schemes.find((s) => s.id === "jc-star");
      expect(jcStar?.levels.map((l) => l.id)).toEqual(["STAR-1", "STAR-2", "STAR-3", "STAR-4"]);
      expect(jcStar?.levels[0]?.assurance).toEqual({ mode: "self-declaration", rank: 1 });
      expect(jcStar?.levels[2]?.assurance).toEqual({ mode: "third-party-evaluation", rank: 3 });
      const cls = body.schemes.find((s) => s.id === "sg-cls");
      expect(cls?.levels.map((l) => l.assurance.rank)).toEqual([2, 2, 4, 5]);
      expect(body.categories.some((c) => c.id === "router")).toBe(true);
    });

    it("GET /v1/schemes/jc-star serves the scheme in full, never inventing unconfirmed titles", async () => {
      const response = await fetch("/v1/schemes/jc-star");
      expect(response.status).toBe(200);
      const scheme = await expectBody(response, Scheme);
      expect(scheme.versions.map((v) => v.id)).toContain("JST-CR-01-01-2024R1");
      expect(scheme.requirements).toHaveLength(16);
      const unknown = scheme.requirements.filter((r) => r.title === null);
      expect(unknown.length).toBeGreaterThan(0);
      for (const requirement of unknown) expect(requirement.provenance.confidence).toBe("unconfirmed");
      expect(scheme.sources.S7?.url).toBe("https://www.ipa.go.jp/security/jc-star/shinsei/psti.html");
    });

    it("GET a level returns the cumulative requirement list", async () => {
      const response = await fetch("/v1/schemes/sg-cls/levels/L3");
      expect(response.status).toBe(200);
      const body = await expectBody(response, LevelDetail);
      const added = body.requirements.map((r) => [r.id, r.addedBy]);
      expect(added[0]).toEqual(["5.1-1", "L1"]);
      expect(added.filter(([, level]) => level === "L1").map(([id]) => id)).toEqual(["5.1-1", "5.3-2", "L1-UNLISTED"]);
      expect(added.slice(-2)).toEqual([
        ["L3-SECURITY-BY-DESIGN", "L3"],
        ["L3-BINARY-ANALYSIS", "L3"],
      ]);
      expect(added.filter(([, level]) => level === "L2")).toHaveLength(30);
      expect(body.level.assurance.mode).toBe("lab-binary-analysis");
    });

    it("GET a requirement names the levels that demand it", async () => {
      const response = await fetch("/v1/schemes/jc-star/requirements/S1.1-02");
      expect(response.status).toBe(200);
      const body = await expectBody(response, RequirementDetail);
      expect(body.requirement.title).toBe("No common default passwords");
      expect(body.levels).toEqual(["STAR-1", "STAR-2", "STAR-3", "STAR-4"]);
    });

    it("GET /v1/crosswalks returns rows in both directions with their authority and provenance", async () => {
      const response = await fetch("/v1/crosswalks?from=uk-psti&to=etsi-en-303-645");
      expect(response.status).toBe(200);
      const body = await expectBody(response, CrosswalkList);
      const set = body.sets.find((s) => s.id === "etsi-en-303-645__uk-psti");
      const para1 = set?.rows.find((r) => r.id === "schedule-2-para-1");
      expect(para1).toMatchObject({ target: "1", relationship: "superset-of", authority: "normative" });
      expect(para1?.source).toEqual({ mode: "all-of", requirements: ["5.1-1", "5.1-2"] });
      expect(para1?.provenance.confidence).toBe("primary");
    });

    it("GET /v1/arrangements applies effective dates: STAR-1 → PSTI from 2025-12-04, not the day before", async () => {
      const before = await expectBody(await fetch("/v1/arrangements?scheme=jc-star&asOf=2025-12-03"), ArrangementList);
      expect(before.arrangements.filter((a) => a.inForce)).toEqual([]);
      expect(before.arrangements.map((a) => a.id).sort()).toEqual([
        "gcli-joint-statement-2025",
        "jp-eu-none",
        "jp-us-none",
      ]);

      const on = await expectBody(await fetch("/v1/arrangements?scheme=jc-star&asOf=2025-12-04"), ArrangementList);
      const si = on.arrangements.find((a) => a.id === "uk-si-2025-1267");
      expect(si?.rules.map((r) => r.id)).toEqual(["jc-star-star-1-to-uk-psti"]);
      expect(on.arrangements.some((a) => a.id === "jp-uk-moc-2025")).toBe(false);
    });

    it("GET /v1/arrangements on 2026-06-01 includes the Japan–UK exemption and the Japan–Singapore MoC", async () => {
      const body = await expectBody(await fetch("/v1/arrangements?scheme=jc-star&asOf=2026-06-01"), ArrangementList);
      const moc = body.arrangements.find((a) => a.id === "jp-uk-moc-2025");
      expect(moc?.rules[0]).toMatchObject({
        effect: "requirement-exemption",
        exemptRequirements: ["S1.1-02", "S1.1-05", "S1.1-16"],
        fees: [{ amount: 140000, currency: "JPY" }],
      });
      const sg = body.arrangements.find((a) => a.id === "jp-sg-moc-2026");
      expect(sg?.rules.map((r) => r.provenance.confidence)).toEqual(["secondary", "secondary"]);
    });

    it("answers with a strong ETag and honours If-None-Match with 304", async () => {
      const first = await fetch("/v1/schemes/uk-psti");
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[0-9a-f]{24}-[0-9a-f]{16}"$/);
      expect(first.headers.get("cache-control")).toContain("max-age");
      const second = await fetch("/v1/schemes/uk-psti", { headers: { "If-None-Match": etag ?? "" } });
      expect(second.status).toBe(304);
      expect(await second.text()).toBe("");
      const other = await fetch("/v1/schemes/sg-cls", { headers: { "If-None-Match": etag ?? "" } });
      expect(other.status).toBe(200);
    });

    it("unknown ids are 404 problems naming the parameter", async () => {
      const scheme = await expectProblem(await fetch("/v1/schemes/kr-cic"), 404);
      expect(scheme.errors).toEqual([{ pointer: "/path/schemeId", detail: expect.stringContaining('"kr-cic"') }]);
      const level = await expectProblem(await fetch("/v1/schemes/jc-star/levels/STAR-9"), 404);
      expect(level.errors?.[0]?.pointer).toBe("/path/levelId");
      const requirement = await expectProblem(await fetch("/v1/schemes/uk-psti/requirements/4"), 404);
      expect(requirement.errors?.[0]?.pointer).toBe("/path/requirementId");
      const crosswalk = await expectProblem(await fetch("/v1/crosswalks?from=jc-star&to=nope"), 404);
      expect(crosswalk.errors?.[0]?.pointer).toBe("/query/to");
      await expectProblem(await fetch("/v1/no-such-thing"), 404);
      await expectProblem(await fetch("/v1/schemes/"), 404);
    });

    it("a malformed date or query is a 400 problem with one entry per bad field", async () => {
      const far = await expectProblem(await fetch("/v1/arrangements?asOf=9999-01-01"), 400);
      expect(far.errors?.[0]?.detail).toContain("between 2000-01-01 and 2100-12-31");
      const date = await expectProblem(await fetch("/v1/arrangements?asOf=2026-02-30"), 400);
      expect(date.errors).toEqual([{ pointer: "/query/asOf", detail: "must be a real calendar date" }]);
      const both = await expectProblem(await fetch("/v1/arrangements?asOf=tomorrow&scheme=jc%20star"), 400);
      expect(both.errors?.map((e) => e.pointer).sort()).toEqual(["/query/asOf", "/query/scheme"]);
      const unknown = await expectProblem(await fetch("/v1/crosswalks?form=jc-star"), 400);
      expect(unknown.errors?.[0]).toEqual({ pointer: "/query/form", detail: 'unknown parameter "form"' });
      await expectProblem(await fetch("/v1/schemes/jc_star!"), 400);
    });

    it("an unsupported method is a 405 problem with Allow", async () => {
      const response = await fetch("/v1/schemes/jc-star", { method: "DELETE" });
      const problem = await expectProblem(response, 405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(problem.detail).toContain("DELETE");
    });

    it("an unacceptable Accept is a 406 problem; JSON, problem+json and wildcards are fine", async () => {
      await expectProblem(await fetch("/v1/schemes", { headers: { Accept: "text/csv" } }), 406);
      await expectProblem(await fetch("/v1/schemes", { headers: { Accept: "application/json;q=0" } }), 406);
      for (const accept of [
        "application/json",
        "application/problem+json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.5",
      ]) {
        expect((await fetch("/v1/schemes", { headers: { Accept: accept } })).status).toBe(200);
      }
    });

    it("an over-long URL is a 414 problem, not a crash", async () => {
      await expectProblem(await fetch(`/v1/schemes?x=${"a".repeat(3000)}`), 414);
    });

    it("serves an OpenAPI 3.1 document covering every catalog route", async () => {
      const response = await fetch("/openapi.json");
      expect(response.status).toBe(200);
      const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths).sort()).toEqual([
        "/.well-known/did.json",
        "/.well-known/jwks.json",
        "/healthz",
        "/readyz",
        "/v1/admin/records/undecodable",
        "/v1/admin/records/undecodable/{scheme}/{registrationId}/quarantine",
        "/v1/arrangements",
        "/v1/changes",
        "/v1/credentials/verify",
        "/v1/credentials/{id}",
        "/v1/credentials/{id}/answer",
        "/v1/crosswalks",
        "/v1/equivalence",
        "/v1/equivalence/matrix",
        "/v1/exports/csv/crosswalks",
        "/v1/exports/csv/equivalence",
        "/v1/exports/csv/matrix",
        "/v1/exports/csv/requirements/{schemeId}",
        "/v1/exports/oscal/catalogs/{schemeId}",
        "/v1/exports/oscal/mappings",
        "/v1/labels/resolve",
        "/v1/market-access",
        "/v1/records",
        "/v1/records/batch",
        "/v1/records/{scheme}/{registrationId}",
        "/v1/records/{scheme}/{registrationId}/recognition",
        "/v1/schemes",
        "/v1/schemes/{schemeId}",
        "/v1/schemes/{schemeId}/levels/{levelId}",
        "/v1/schemes/{schemeId}/requirements/{requirementId}",
        "/v1/subscriptions",
        "/v1/subscriptions/{id}",
        "/v1/subscriptions/{id}/deliveries",
        "/v1/subscriptions/{id}/replay",
        "/v1/translations",
        "/v1/translations/batch",
      ]);
    });

    it("GET /v1/equivalence answers per its schema, caches, and carries an ETag", async () => {
      const url = "/v1/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2025-12-04";
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get("x-cache")).toBe("miss");
      const answer = await expectBody(first, EquivalenceAnswer);
      expect(answer.verdict).toBe("recognized");
      expect(answer.legal.rules[0]?.arrangement).toBe("uk-si-2025-1267");
      const second = await fetch(url);
      expect(second.headers.get("x-cache")).toBe("hit");
      expect(await expectBody(second, EquivalenceAnswer)).toEqual(answer);
      const bypass = await fetch(url, { headers: { "Cache-Control": "no-cache" } });
      expect(bypass.headers.get("x-cache")).toBe("bypass");
      const etag = second.headers.get("etag") ?? "";
      expect((await fetch(url, { headers: { "If-None-Match": etag } })).status).toBe(304);
    });

    it("GET /v1/equivalence says it in words (en, ja), titles every requirement, and keeps the five states apart", async () => {
      const answer = await expectBody(
        await fetch("/v1/equivalence?from=jc-star:STAR-1&to=us-ctm&asOf=2026-06-01"),
        EquivalenceAnswer,
      );
      expect(answer.summary.en).toContain("No arrangement recognises JC-STAR");
      expect(answer.summary.ja).toContain("認める取決めはありません");
      const [level] = answer.coverage.levels;
      expect(level?.noMapping.length).toBeGreaterThan(0);
      expect(level?.undetermined.length).toBeGreaterThan(0);
      const states = [level?.covered, level?.partial, level?.undetermined, level?.missing, level?.noMapping];
      expect(states.reduce((sum, list) => sum + (list?.length ?? 0), 0)).toBe(level?.requirements);
      expect(answer.summary.en).toContain(`${level?.undetermined.length} undetermined`);
      expect(answer.summary.ja).toContain(`判定不能 ${level?.undetermined.length} 件`);
      const matrix = await expectBody(await fetch("/v1/equivalence/matrix?asOf=2026-06-01"), EquivalenceMatrix);
      const cell = matrix.cells.find((c) => c.from.level === "STAR-1" && c.to === "us-ctm");
      expect(cell?.levels[0]?.noMapping).toBe(level?.noMapping.length);
      expect(cell?.levels[0]?.undetermined).toBe(level?.undetermined.length);
      const psti = await expectBody(
        await fetch("/v1/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-06-01"),
        EquivalenceAnswer,
      );
      expect(psti.coverage.levels[0]?.covered.map((m) => m.title)).toEqual([
        "Passwords",
        "Information on how to report security issues",
        "Information on minimum security update periods",
      ]);
    });

    it("GET /v1/equivalence/matrix answers every home level against every foreign scheme", async () => {
      const response = await fetch("/v1/equivalence/matrix?asOf=2026-06-01");
      expect(response.status).toBe(200);
      const matrix = await expectBody(response, EquivalenceMatrix);
      expect(matrix.from).toBe("jc-star");
      expect(matrix.schemes).toEqual(expect.arrayContaining(["eu-cra", "sg-cls", "uk-psti", "us-ctm"]));
      expect(matrix.cells).toHaveLength(4 * matrix.schemes.length);
      const star1Psti = matrix.cells.find((c) => c.from.level === "STAR-1" && c.to === "uk-psti");
      expect(star1Psti?.verdict).toBe("recognized");
      const star1Cls = matrix.cells.find((c) => c.from.level === "STAR-1" && c.to === "sg-cls");
      expect(star1Cls?.verdict).toBe("simplified-procedure");
    });

    it("equivalence input errors: 404 naming the unknown id, 400 for malformed, 422 for one scheme twice", async () => {
      const scheme = await expectProblem(await fetch("/v1/equivalence?from=kr-cic:Basic&to=sg-cls"), 404);
      expect(scheme.errors?.[0]?.pointer).toBe("/query/from");
      const level = await expectProblem(await fetch("/v1/equivalence?from=jc-star:STAR-1&to=sg-cls:L9"), 404);
      expect(level.errors?.[0]).toEqual({ pointer: "/query/to", detail: expect.stringContaining('"L9"') });
      const category = await expectProblem(
        await fetch("/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&category=toaster"),
        404,
      );
      expect(category.errors?.[0]?.pointer).toBe("/query/category");
      const malformed = await expectProblem(await fetch("/v1/equivalence?from=jc-star&to=sg-cls&asOf=2026-1-1"), 400);
      expect(malformed.errors?.map((e) => e.pointer).sort()).toEqual(["/query/asOf", "/query/from"]);
      const missing = await expectProblem(await fetch("/v1/equivalence?to=sg-cls"), 400);
      expect(missing.errors?.[0]?.pointer).toBe("/query/from");
      const same = await expectProblem(await fetch("/v1/equivalence?from=jc-star:STAR-1&to=jc-star:STAR-2"), 422);
      expect(same.errors?.[0]?.pointer).toBe("/query/to");
      await expectProblem(await fetch("/v1/equivalence?from=jc-star:STAR-1&to=etsi-en-303-645"), 422);
    });

    it("POST /v1/translations translates a JC-STAR registration into a PSTI statement draft", async () => {
      const record = {
        registrationNumber: "JC-TEST-1",
        level: "★1",
        vendorName: "Example K.K.",
        productName: "Example Router",
        modelNumbers: ["EX-1", "EX-2"],
        issueDate: "2025-07-01",
        expiryDate: "2027-06-30",
      };
      const response = await fetch("/v1/translations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" }),
      });
      expect(response.status).toBe(200);
      const result = await expectBody(response, TranslationResult);
      expect(result.status).toBe("recognized");
      expect(result.record).toMatchObject({ manufacturerName: "Example K.K.", productIdentifier: "EX-1, EX-2" });
      expect(result.derivation.sourceDigest).toMatch(/^[0-9a-f]{64}$/);
      const bad = await fetch("/v1/translations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "jc-star", to: "uk-psti", record: { ...record, level: "★9" } }),
      });
      const problem = await expectProblem(bad, 422);
      expect(problem.errors?.[0]?.pointer).toBe("/body/record/level");
    });
  });
}
