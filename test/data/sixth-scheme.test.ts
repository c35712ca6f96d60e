import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCatalog } from "../../src/catalog/compile.ts";
import { ArrangementList, Scheme, SchemeList } from "../../src/contracts/api.ts";
import { expectBody } from "../api/api-suite.ts";
import { dataFilesWith, projectRoot, readFixtures } from "../helpers/catalog-files.ts";
import { createTestApp } from "../helpers/test-app.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

describe("adding a scheme is a data change only", () => {
  const fixtures = readFixtures("test/fixtures/sixth-scheme");
  const catalog = compileCatalog(dataFilesWith(fixtures.map((f) => f.file)));
  const { app } = createTestApp({ catalog });

  it("serves a sixth scheme and its arrangement from fixture files alone", async () => {
    const list = await expectBody(await app.request("/v1/schemes"), SchemeList);
    expect(list.schemes).toHaveLength(compileCatalog(dataFilesWith()).schemes.length + 1);
    expect(list.schemes.map((s) => s.id)).toContain("xx-example-label");

    const scheme = await expectBody(await app.request("/v1/schemes/xx-example-label"), Scheme);
    expect(scheme.levels[0]?.assurance).toMatchObject({ mode: "self-declaration", rank: 1 });

    const arrangements = await expectBody(
      await app.request("/v1/arrangements?scheme=xx-example-label&asOf=2023-01-01"),
      ArrangementList,
    );
    expect(arrangements.arrangements.map((a) => a.id)).toEqual(["sg-xx-example-mra"]);
    expect(arrangements.arrangements[0]?.rules.map((r) => r.to.level)).toEqual(["L2", "label"]);
  });

  it("changes the catalog digest, so caches keyed on it cannot serve the old catalog", () => {
    expect(catalog.digest).not.toBe(compileCatalog(dataFilesWith()).digest);
  });

  it("needs no code: no scheme id appears in src/ except in OpenAPI examples", () => {
    const ids = catalog.schemes.map((s) => s.id);
    expect(ids.length).toBeGreaterThan(7);
    // One pattern for every id, one pass per line: the check stays fast as the catalog grows.
    const quoted = new RegExp(`"(${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})"`);
    const offending: string[] = [];
    for (const file of sourceFiles(join(projectRoot, "src"))) {
      readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, index) => {
          if (/example/.test(line)) return;
          const match = quoted.exec(line);
          if (match) offending.push(`${file}:${index + 1} names ${match[1]}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
