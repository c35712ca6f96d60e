import { englishProseShare, type ProseShare } from "../../src/lib/english-prose.ts";
import { textNodes } from "./html-text.ts";

/**
 * The measure for Japanese pages: the share of English prose (runs of 4+ Latin words) in the rendered answer
 * text — the text of `<main>`, without the forms (pickers list every category and level, not the answer) — by
 * non-space characters. Text nodes are joined with spaces, so a run split by inline markup still counts as one.
 */
export function answerText(html: string): string {
  return textNodes(html)
    .filter((node) => node.path.includes("main") && !node.path.includes("form"))
    .map((node) => node.text)
    .join(" ");
}

export function englishProseOfPage(html: string): ProseShare {
  return englishProseShare(answerText(html));
}
