import { describe, expect, it } from "vitest";
import docsAssets from "../../generated/docs-assets.js";
import { englishProseShare, englishRuns, hasLatinWords } from "../../src/lib/english-prose.ts";
import { answerText, englishProseOfPage } from "../helpers/page-prose.ts";
import { createTestApp } from "../helpers/test-app.ts";

const { app } = createTestApp({ docsAssets });
const japanesePage = async (path: string) =>
  (await app.request(`${path}${path.includes("?") ? "&" : "?"}lang=ja`, { headers: { Accept: "text/html" } })).text();

describe("English prose measure", () => {
  it("counts runs of four or more Latin words, not ids, standard numbers or short names", () => {
    expect(englishRuns("脆弱性開示ポリシー(ETSI EN 303 645 5.1-1、SI 2023/1007)")).toEqual([]);
    expect(englishRuns("UK PSTI Compliant 満たす")).toEqual([]);
    expect(englishRuns("英国: The manufacturer publishes a policy. 以上")).toEqual([
      "The manufacturer publishes a policy.",
    ]);
    // Three words are a name, not prose.
    expect(englishRuns("European Union 満たさない")).toEqual([]);
  });

  it("gives the share by non-space characters", () => {
    const share = englishProseShare("Users can delete their data 利用者");
    expect(share.english).toBe("Userscandeletetheirdata".length);
    expect(share.total).toBe("Userscandeletetheirdata利用者".length);
    expect(englishProseShare("").share).toBe(0);
  });

  it("tells a text with Latin words from one without (★1 (STAR-1), a Japanese name)", () => {
    expect(hasLatinWords("★1 (STAR-1)")).toBe(false);
    expect(hasLatinWords("セキュリティ要件適合評価及びラベリング制度")).toBe(false);
    expect(hasLatinWords("Printer")).toBe(true);
  });

  it("measures the answer text of a page: <main> without its forms", () => {
    const html =
      '<html lang="ja"><body><header>Switch language to English please now</header><main><h1>ラベル</h1>' +
      "<form><select><option>Router, modem or home gateway</option></select></form>" +
      '<p>条件: <span lang="en">The label must be valid on the date</span></p></main></body></html>';
    expect(answerText(html)).not.toContain("Switch");
    expect(answerText(html)).not.toContain("Router");
    const share = englishProseOfPage(html);
    expect(share.english).toBe("Thelabelmustbevalidonthedate".length);
    expect(share.share).toBeGreaterThan(0.5);
  });

  // The goal, on the pages as the server renders them (the browser test holds the same on the live page).
  it.each(["/labels/jc-star/STAR-1?category=router&asOf=2026-11-25", "/compare/jc-star/STAR-1/uk-psti"])(
    "keeps English prose to a tenth of the answer text at most on the Japanese page %s",
    async (path) => {
      const prose = englishProseOfPage(await japanesePage(path));
      expect(prose.total).toBeGreaterThan(1000);
      expect(prose.share, `${prose.english} of ${prose.total} characters`).toBeLessThanOrEqual(0.1);
    },
  );

  it("names a source by its gloss on a Japanese page, the official title the link's title; an instrument keeps its <cite>", async () => {
    const html = await japanesePage("/compare/jc-star/STAR-1/uk-psti");
    const sources = html.slice(html.indexOf("<h4>出典</h4>"), html.indexOf('<div class="statement">'));
    expect(sources).toContain(
      'title="Market Pulse UK, UK recognises Japan and Singapore IoT security labels">Market Pulse UK「英国、日本とシンガポールの IoT セキュリティラベルを承認」</a> <a class="tr" href="?lang=en"',
    );
    expect(sources).not.toContain("<cite");
    // The instrument a reader cites, and the statement, are written out beside their glosses.
    expect(html).toContain(
      '<cite lang="en">The Product Security and Telecommunications Infrastructure (Security Requirements for Relevant Connectable Products) (Amendment) (No. 2) Regulations 2025 (SI 2025/1267)</cite>',
    );
    expect(html).toContain(
      '<cite lang="en">Joint Statement on the Global Cybersecurity Labelling Initiative (GCLI)</cite>',
    );
    // A Japanese authority's own title stands alone: no title to add.
    expect(sources).toContain(
      '<a href="https://www.ipa.go.jp/security/jc-star/shinsei/psti.html">IPA「PSTI法適合証明について」</a>',
    );
  });

  it("says a no-arrangement statement in Japanese: its title is our own words, not a work to cite", async () => {
    const html = await japanesePage("/compare/jc-star/STAR-1/eu-cra");
    expect(html).toContain(
      '<strong>日本・欧州連合 — JC-STAR と EU サイバーレジリエンス法の間に承認の取決めなし</strong> <a class="tr" href="?lang=en"',
    );
    expect(html).not.toContain("no recognition arrangement between");
  });
});
