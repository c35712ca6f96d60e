/**
 * How much of a text is English prose: the measure for Japanese pages ("runs of 4+ Latin words"). Ids,
 * standard numbers and short names ("ETSI EN 303 645", "SI 2023/1007", "UK PSTI") are not prose; a sentence or a
 * title in English is. Used by the build (a source text "written in Japanese" has no English prose) and by the page
 * tests (the share on a rendered Japanese page).
 */

/** A Latin word: letters (with an apostrophe or hyphen inside), at least one lowercase letter — so "ETSI", "EN",
 * "PSTI", "S1.1-02" and "303" are not words of prose, while "Vulnerability", "disclosure", "policy" are. */
const WORD = /^[A-Za-z][A-Za-z'’-]*[a-z][A-Za-z'’-]*[.,;:!?)]*$|^[a-z][.,;:!?)]*$/;

/** Runs of `minWords` or more consecutive Latin words (tokens split on white space; brackets and quotes stripped). */
export function englishRuns(text: string, minWords = 4): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= minWords) runs.push(run.join(" "));
    run = [];
  };
  for (const raw of text.split(/\s+/)) {
    const token = raw.replace(/^[("“‘[]+/, "");
    if (token && WORD.test(token)) run.push(token);
    else flush();
  }
  flush();
  return runs;
}

export interface ProseShare {
  /** Non-space characters in English runs of 4+ words. */
  english: number;
  /** All non-space characters of the text. */
  total: number;
  /** english / total, 0 for an empty text. */
  share: number;
}

/** The share (by non-space characters) of a text that is English prose. */
export function englishProseShare(text: string, minWords = 4): ProseShare {
  const count = (s: string) => s.replace(/\s+/g, "").length;
  const english = englishRuns(text, minWords).reduce((sum, run) => sum + count(run), 0);
  const total = count(text);
  return { english, total, share: total === 0 ? 0 : english / total };
}

/** Whether a text has English prose at all (a Japanese sentence that quotes "SI 2023/1007" has none). */
export const hasEnglishProse = (text: string) => englishRuns(text).length > 0;

/** Whether a text has any Latin word to translate ("★1 (STAR-1)", "ETSI EN 303 645" and a Japanese name have none). */
export const hasLatinWords = (text: string) => englishRuns(text, 1).length > 0;
