import { describe, expect, it } from "vitest";
import { englishProseShare, englishRuns, hasLatinWords } from "../../src/lib/english-prose.ts";
import { answerText, englishProseOfPage } from "../helpers/page-prose.ts";

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
});
