import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ruleInForce } from "../../src/domain/in-force.ts";
import { createTestApp } from "../helpers/test-app.ts";

const { app } = createTestApp();

const anyText = fc.string({ unit: "binary", maxLength: 40 });
const paths = [
  (s: string) => `/v1/schemes/${encodeURIComponent(s)}`,
  (s: string) => `/v1/schemes/jc-star/levels/${encodeURIComponent(s)}`,
  (s: string) => `/v1/schemes/jc-star/requirements/${encodeURIComponent(s)}`,
  (s: string) => `/v1/crosswalks?from=${encodeURIComponent(s)}`,
  (s: string) => `/v1/arrangements?asOf=${encodeURIComponent(s)}&scheme=jc-star`,
  (s: string) => `/v1/arrangements?${encodeURIComponent(s)}=1`,
  (s: string) => `/v1/${s.replace(/[?#]/g, "")}`,
  (s: string) => `/v1/equivalence?from=${encodeURIComponent(s)}&to=uk-psti`,
  (s: string) => `/v1/equivalence?from=jc-star:STAR-1&to=${encodeURIComponent(s)}`,
  (s: string) => `/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&category=${encodeURIComponent(s)}&asOf=2026-01-01`,
  (s: string) => `/v1/equivalence/matrix?asOf=${encodeURIComponent(s)}`,
];

describe("bad input never yields a 5xx", () => {
  it("any text in any parameter gets a 2xx/3xx/4xx, and every 4xx is a problem document", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(paths.length - 1),
        anyText,
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"),
        async (which, text, method) => {
          const path = paths[which]?.(text) ?? "/";
          let response: Response;
          try {
            response = await app.request(path, { method });
          } catch {
            return; // the URL itself was unparseable by the client (Request constructor): never reaches the server
          }
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
          if (response.status >= 400)
            expect(response.headers.get("content-type")).toContain("application/problem+json");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("malformed percent-encoding in a path segment is a 4xx, not a crash", async () => {
    const response = await app.request("/v1/schemes/%E0%A4%A");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe("effective dates", () => {
  const day = fc
    .date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it("a rule is in force exactly from its effective date through its effective-to date", () => {
    fc.assert(
      fc.property(day, day, day, (a, b, asOf) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const arrangement = {
          id: "x",
          title: "x",
          instrument: "MoC" as const,
          status: "in-force" as const,
          parties: [{ name: "x", country: "GB" }],
          schemes: ["a", "b"],
          summary: "x",
          effectiveFrom: from,
          effectiveTo: to,
          rules: [],
          sources: {},
          provenance: { confidence: "primary" as const, cites: [] },
        };
        const rule = {
          id: "r",
          from: { scheme: "a", minLevel: "l" },
          to: { scheme: "b", level: "l" },
          effect: "full-recognition" as const,
          exemptRequirements: [],
          conditions: [],
          fees: [],
          provenance: { confidence: "primary" as const, cites: [] },
        };
        expect(ruleInForce(arrangement, rule, asOf)).toBe(from <= asOf && asOf <= to);
      }),
    );
  });
});
