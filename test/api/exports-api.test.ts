import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/cli/csv.ts";
import { catalogIndex } from "../helpers/engine.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

const { app } = createTestApp();

describe("export routes", () => {
  it("serves the OSCAL mapping with a file name, the catalog digest and a strong ETag honoured with 304", async () => {
    const response = await app.request("/v1/exports/oscal/mappings?from=jc-star&to=uk-psti");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="jc-star__uk-psti.oscal-mapping.json"',
    );
    const digest = response.headers.get("x-catalog-digest");
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const body = (await response.json()) as {
      "mapping-collection": { metadata: { props: { name: string; value: string }[] } };
    };
    expect(body["mapping-collection"].metadata.props).toContainEqual(
      expect.objectContaining({ name: "catalog-digest", value: digest }),
    );
    const etag = response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await app.request("/v1/exports/oscal/mappings?from=jc-star&to=uk-psti", {
      headers: { "If-None-Match": etag },
    });
    expect(again.status).toBe(304);
    // A repeat carries the same file name, digest and tag.
    const repeat = await app.request("/v1/exports/oscal/mappings?from=jc-star&to=uk-psti");
    expect(repeat.headers.get("content-disposition")).toBe(response.headers.get("content-disposition"));
    expect(repeat.headers.get("x-catalog-digest")).toBe(digest);
    expect(repeat.headers.get("etag")).toBe(etag);
  });

  it("serves the OSCAL catalog and the CSV exports with their media types and file names", async () => {
    const cases = [
      ["/v1/exports/oscal/catalogs/uk-psti", "application/json", "uk-psti.oscal-catalog.json"],
      ["/v1/exports/csv/crosswalks?from=jc-star&to=uk-psti", "text/csv", "crosswalks__jc-star__uk-psti.csv"],
      ["/v1/exports/csv/matrix?asOf=2026-06-01", "text/csv", "matrix__2026-06-01.csv"],
      ["/v1/exports/csv/matrix", "text/csv", "matrix__2026-11-25.csv"],
      [
        "/v1/exports/csv/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-06-01",
        "text/csv",
        "equivalence__jc-star-STAR-1__uk-psti__2026-06-01.csv",
      ],
      ["/v1/exports/csv/requirements/jc-star", "text/csv", "jc-star.requirements.csv"],
    ] as const;
    for (const [path, type, file] of cases) {
      const response = await app.request(path, { headers: { Accept: type } });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get("content-type")).toContain(type);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${file}"`);
      expect(response.headers.get("etag")).toBeTruthy();
    }
    const csv = await (await app.request("/v1/exports/csv/requirements/jc-star")).text();
    expect(csv.split("\r\n")[0]).toBe(
      "scheme,requirement,group,title,title_ja,summary,normativity,condition,evidence,version,levels,confidence,cites",
    );
    expect(csv).toContain("S1.1-02");
  });

  it("answers bad input with problems: unknown schemes 404, same scheme 422, bad dates 400, JSON-only Accept 406", async () => {
    await expectProblem(await app.request("/v1/exports/oscal/mappings?from=jc-star&to=xx"), 404);
    await expectProblem(await app.request("/v1/exports/oscal/mappings?from=jc-star&to=jc-star"), 422);
    await expectProblem(await app.request("/v1/exports/oscal/mappings?from=jc-star"), 400);
    await expectProblem(await app.request("/v1/exports/oscal/catalogs/nope"), 404);
    await expectProblem(await app.request("/v1/exports/csv/matrix?asOf=2026-02-30"), 400);
    await expectProblem(await app.request("/v1/exports/csv/matrix?category=nope"), 404);
    await expectProblem(await app.request("/v1/exports/csv/equivalence?from=jc-star:STAR-9&to=uk-psti"), 404);
    await expectProblem(await app.request("/v1/exports/csv/equivalence?from=jc-star:STAR-1&to=etsi-en-303-645"), 422);
    await expectProblem(
      await app.request("/v1/exports/csv/requirements/jc-star", { headers: { Accept: "application/json" } }),
      406,
    );
    await expectProblem(
      await app.request("/v1/exports/oscal/catalogs/jc-star", { headers: { Accept: "text/csv" } }),
      406,
    );
  });

  it("CSV starts with the UTF-8 byte-order mark by default, not with bom=false; a Japanese cell round-trips", async () => {
    const paths = [
      "/v1/exports/csv/crosswalks?from=jc-star&to=uk-psti",
      "/v1/exports/csv/matrix?asOf=2026-06-01",
      "/v1/exports/csv/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-06-01",
      "/v1/exports/csv/requirements/jc-star",
    ];
    for (const path of paths) {
      const withBom = new Uint8Array(await (await app.request(path)).arrayBuffer());
      expect({ path, start: [...withBom.slice(0, 3)] }).toEqual({ path, start: [0xef, 0xbb, 0xbf] });
      const bare = await app.request(`${path}${path.includes("?") ? "&" : "?"}bom=false`);
      expect(bare.status).toBe(200);
      const bareBytes = new Uint8Array(await bare.arrayBuffer());
      expect({ path, start: bareBytes[0] }).not.toEqual({ path, start: 0xef });
      expect(withBom.slice(3)).toEqual(bareBytes); // the mark is all that differs
    }
    // A spreadsheet's view: a decoder that honours the BOM (TextDecoder's default) reads the Japanese title as written.
    const response = await app.request("/v1/exports/csv/requirements/jc-star");
    const text = new TextDecoder("utf-8").decode(await response.arrayBuffer());
    const [header, ...rows] = parseCsv(text);
    expect(header?.cells[0]).toBe("scheme");
    const at = header?.cells.indexOf("title_ja") ?? -1;
    const written = catalogIndex.scheme("jc-star")?.requirements.map((r) => r.titleJa ?? "") ?? [];
    expect(written.some((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t))).toBe(true);
    expect(rows.map((r) => r.cells[at])).toEqual(written);
    // The two are different representations: different ETags; a bad value is a problem.
    const bare = await app.request("/v1/exports/csv/requirements/jc-star?bom=false");
    expect(bare.headers.get("etag")).not.toBe(response.headers.get("etag"));
    await expectProblem(await app.request("/v1/exports/csv/requirements/jc-star?bom=no"), 400);
  });

  it("documents every export route in the OpenAPI document with its media type", async () => {
    const doc = (await (await app.request("/openapi.json")).json()) as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    expect(Object.keys(doc.paths["/v1/exports/csv/matrix"]?.get.responses["200"]?.content ?? {})).toEqual(["text/csv"]);
    expect(Object.keys(doc.paths["/v1/exports/oscal/mappings"]?.get.responses["200"]?.content ?? {})).toEqual([
      "application/json",
    ]);
    expect(doc.paths["/v1/exports/oscal/catalogs/{schemeId}"]).toBeDefined();
    expect(doc.paths["/v1/exports/csv/requirements/{schemeId}"]).toBeDefined();
    for (const path of ["crosswalks", "matrix", "equivalence", "requirements/{schemeId}"]) {
      const operation = doc.paths[`/v1/exports/csv/${path}`]?.get as unknown as {
        parameters: { name: string; in: string; schema: { enum?: string[] }; description?: string }[];
      };
      const bom = operation.parameters.find((p) => p.name === "bom");
      expect({ path, in: bom?.in, enum: bom?.schema.enum }).toEqual({ path, in: "query", enum: ["true", "false"] });
      expect(bom?.description).toMatch(/byte-order mark/);
    }
  });
});
