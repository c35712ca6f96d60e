import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { compileWithReport, validateFiles } from "../../src/catalog/compile.ts";
import { formatIssue } from "../../src/catalog/issues.ts";
import { GlossaryFile, glossaryHits } from "../../src/catalog/ja/glossary.ts";
import { parseSourceFile } from "../../src/catalog/source-file.ts";
import { dataFilesWith, projectRoot } from "../helpers/catalog-files.ts";

const { catalog, coverage } = compileWithReport(dataFilesWith());
const index = new CatalogIndex(catalog);

describe("Japanese catalog texts (ja/ companion files)", () => {
  it("compiles JC-STAR's quoted Japanese as the original with its source, and our Japanese as reference translations", () => {
    const requirement = index.requirement("jc-star", "S1.1-10");
    if (!requirement) throw new Error("S1.1-10 missing");
    expect(index.textIn("ja")(requirement, "title")).toEqual({
      text: "IoT製品の型番をユーザへ提供すること",
      lang: "ja",
      kind: "original",
      cite: "A9E-12",
    });
    // The English of a Japanese original is our translation of it.
    expect(index.textIn("en")(requirement, "title")).toMatchObject({ lang: "en", kind: "reference-translation" });
    expect(index.textIn("ja")(requirement, "summary")).toMatchObject({ lang: "ja", kind: "reference-translation" });
    const ours = index.requirement("jc-star", "S1.1-15");
    if (!ours) throw new Error("S1.1-15 missing");
    expect(index.textIn("ja")(ours, "title")?.kind).toBe("reference-translation");
    expect(index.textIn("en")(ours, "title")?.kind).toBe("original");
    // The API's titleJa / labelJa are derived from the companion files.
    expect(requirement.titleJa).toBe("IoT製品の型番をユーザへ提供すること");
    expect(index.category("router")?.labelJa).toBe("ルーター・モデム・ホームゲートウェイ");
  });

  it("falls back to the English, marked as English, where no Japanese exists yet", () => {
    const market = index.market("GB");
    if (!market) throw new Error("GB missing");
    const shown = index.textIn("ja")(market, "name");
    expect(shown?.lang).toBe(catalog.texts.ja["market:GB"]?.name ? "ja" : "en");
  });

  it("fails the build for a required file whose Japanese is missing, naming the file and the key", () => {
    const files = dataFilesWith().filter((f) => f.path !== "schemes/ja/jc-star.yaml");
    const messages = validateFiles(files).issues.map(formatIssue);
    expect(messages.length).toBeGreaterThan(10);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^schemes\/jc-star\.yaml:\d+ requirements\[\d+\]\.summary: shown text has no Japanese: add "requirements\/S1\.1-01\/summary" to schemes\/ja\/jc-star\.yaml$/,
      ),
    );
  });

  it("refuses Japanese written into a source file (titleJa), now that the companion files hold it", () => {
    const path = "schemes/jc-star.yaml";
    const text = readFileSync(join(projectRoot, path), "utf8").replace(
      "    title: Model number provided to users\n",
      "    title: Model number provided to users\n    titleJa: 型番\n",
    );
    const messages = validateFiles(dataFilesWith([parseSourceFile(path, text)])).issues.map(formatIssue);
    expect(messages).toEqual([
      expect.stringMatching(
        /^schemes\/jc-star\.yaml:\d+ requirements\[9\]\.titleJa: write the Japanese title in the ja\/ companion file$/,
      ),
    ]);
  });

  it("glosses titles of documents and instruments by their official title; under sources: only a title", () => {
    const si = index.arrangements().find((a) => a.id === "uk-si-2025-1267");
    if (!si) throw new Error("uk-si-2025-1267 missing");
    expect(index.titleGloss("ja", si.title)).toMatchObject({ lang: "ja", kind: "reference-translation" });
    expect(index.titleGloss("ja", si.title)?.text).toContain("SI 2025/1267");
    expect(index.titleGloss("en", si.title)).toBeUndefined();
    // IPA's own Japanese title of its page is the original.
    expect(index.titleGloss("ja", si.sources.S7?.title ?? "")).toMatchObject({ kind: "original", cite: "S7" });

    const companion = "mappings/arrangements/ja/uk-si-2025-1267.yaml";
    const original = readFileSync(join(projectRoot, companion), "utf8");
    const withKey = (line: string) => dataFilesWith([parseSourceFile(companion, `${original}  ${line}\n`)]);
    // Anything else under sources: stays untranslated.
    expect(validateFiles(withKey("sources/S30/url: 英語のページ")).issues.map(formatIssue)).toContainEqual(
      expect.stringContaining('"sources/S30/url" is under sources or provenance, which are not translated'),
    );
    // One title, one gloss: a second file glossing the same document differently fails.
    const other = "mappings/arrangements/ja/jp-us-none.yaml";
    const otherText = readFileSync(join(projectRoot, other), "utf8");
    const clash = dataFilesWith([parseSourceFile(other, `${otherText}  sources/S40/title: FCC の別の訳\n`)]);
    expect(validateFiles(clash).issues.map(formatIssue)).toContainEqual(
      expect.stringMatching(
        /glosses "FCC, Cybersecurity Labeling for Internet of Things.*" as "FCC の別の訳", but .* glosses it as/,
      ),
    );
  });

  it("reports coverage per file: complete for the files with a companion file", () => {
    const jc = coverage.find((c) => c.file === "schemes/jc-star.yaml");
    expect(jc).toMatchObject({ companion: "schemes/ja/jc-star.yaml", required: true });
    expect(jc?.japanese).toBe(jc?.shown);
    expect(coverage.find((c) => c.file === "schemes/vocabulary/product-categories.yaml")?.japanese).toBe(40);
  });

  it("keeps one glossary of at least 30 terms (one per concept, so at most 120) whose own terms pass its check", () => {
    const glossary = GlossaryFile.parse(
      parse(readFileSync(join(projectRoot, "schemes/vocabulary/glossary.ja.yaml"), "utf8")),
    );
    expect(glossary.terms.length).toBeGreaterThanOrEqual(30);
    expect(glossary.terms.length).toBeLessThanOrEqual(120);
    for (const term of glossary.terms) expect(glossaryHits(glossary, term.ja), term.ja).toEqual([]);
    // A variant inside an official name the glossary holds is not a hit; the same variant alone is.
    expect(glossaryHits(glossary, "セキュリティ要件適合評価及びラベリング制度")).toEqual([]);
    expect(glossaryHits(glossary, "適合評価を受ける").map((h) => h.term.ja)).toEqual(["適合性評価"]);
    expect(glossaryHits(glossary, "相互認証").map((h) => h.term.ja)).toEqual(["相互承認"]);
  });
});
