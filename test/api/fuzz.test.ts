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

describe("request bodies: nesting, encodings, duplicate keys", () => {
  const post = (body: string | Uint8Array, contentType = "application/json") =>
    app.request("/v1/translations", { method: "POST", headers: { "content-type": contentType }, body });
  const nest = (depth: number, objects: boolean) =>
    objects ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}1${"]".repeat(depth)}`;

  it("any nesting depth is answered without a 5xx; beyond 64 levels it is a 400 problem", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), async (depth, objects) => {
        const response = await post(`{"from":"jc-star","to":"uk-psti","record":${nest(depth, objects)}}`);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        if (depth + 1 > 64) expect(response.status).toBe(400);
      }),
      { numRuns: 60 },
    );
  });

  it("any bytes in any charset: never a 5xx; invalid UTF-8 is 400 and a non-UTF-8 charset 415", async () => {
    const charsets = fc.constantFrom(undefined, "utf-8", "UTF8", "iso-8859-1", "shift_jis", "utf-16le", "");
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), charsets, async (bytes, charset) => {
        const type = charset === undefined ? "application/json" : `application/json; charset=${charset}`;
        const response = await post(bytes, type);
        expect(response.status).toBeLessThan(500);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        const utf8 = charset === undefined || /^utf-?8$/i.test(charset);
        if (!utf8) expect(response.status).toBe(415);
        else if (!isUtf8(bytes)) expect(response.status).toBe(400);
      }),
      { numRuns: 200 },
    );
  });

  it("a member name repeated anywhere in the body is a 400 pointing at it", async () => {
    const name = fc.string({ minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(name, fc.integer({ min: 0, max: 6 }), fc.jsonValue(), async (key, depth, value) => {
        const member = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
        const inner = `{${member},${JSON.stringify(`x${key}`)}:1,${member}}`;
        const body = `{"from":"jc-star","to":"uk-psti","record":${'{"n":'.repeat(depth)}${inner}${"}".repeat(depth)}}`;
        const response = await post(body);
        expect(response.status, body).toBe(400);
        const problem = (await response.json()) as { errors: { pointer: string }[] };
        const escaped = key.replace(/~/g, "~0").replace(/\//g, "~1");
        expect(problem.errors[0]?.pointer).toBe(`/body/record${"/n".repeat(depth)}/${escaped}`);
      }),
      { numRuns: 150 },
    );
  });
});

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

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
