/**
 * The names people know catalog entries by, derived from the catalog's own titles — never an id. One place for the
 * command line and the web view: "SI 2025/1267", "JC-STAR ★1", "UK PSTI product security regime".
 */

/** A trailing parenthesis after a space ("CLS(IoT)" is a name, not an aside), itself allowed to hold one level of parentheses: "(Regulation (EU) 2024/2847)". */
const TRAILING_PARENTHESIS = /\s+\(((?:[^()]|\([^()]*\))*)\)\s*$/;

/**
 * An official citation: a number with a year and a serial joined by a slash ("SI 2025/1267", "Regulation (EU)
 * 2024/2847", "Directive 2014/53/EU") — how lawyers and regulators name an instrument.
 */
const CITATION = /\b\d{4}\/\d+\b/;

/**
 * An arrangement's everyday name from its catalog title: the citation the title ends with in parentheses ("The
 * Product Security … Regulations 2025 (SI 2025/1267)" → "SI 2025/1267"), else the title as it stands (memoranda and
 * statements are known by their titles; "(METI–DSIT)" or "(as reported)" is not a citation and stays).
 */
export function arrangementShortName(title: string): string {
  const inner = TRAILING_PARENTHESIS.exec(title)?.[1]?.trim();
  return inner && CITATION.test(inner) ? inner : title;
}

/**
 * A scheme's everyday name from its catalog name: without the trailing parenthesis ("JC-STAR (Labeling Scheme …)" →
 * "JC-STAR") and without a subtitle after a colon ("ETSI EN 303 645: Cyber Security for …" → "ETSI EN 303 645").
 */
export function schemeShortName(name: string): string {
  // A Japanese name's aside is in full-width parentheses: "JC-STAR（セキュリティ要件適合評価及びラベリング制度）".
  // A Japanese name's aside follows the last word without a space, in full-width or ASCII parentheses:
  // "英国 PSTI 製品セキュリティ制度(消費者向け接続可能製品)" → "英国 PSTI 製品セキュリティ制度"; so does a Japanese
  // aside after a Latin name ("U.S. Cyber Trust Mark(FCC の…制度)"). "CLS(IoT)" is a name and stays.
  const cut = name
    .replace(TRAILING_PARENTHESIS, "")
    .replace(/\s*（[^（）]*）\s*$/, "")
    .replace(/(?<=[\u3040-\u30ff\u3400-\u9fff])\((?:[^()]|\([^()]*\))*\)\s*$/, "")
    .replace(/\((?=[^()]*[\u3040-\u30ff\u3400-\u9fff])[^()]*\)\s*$/, "");
  const head = cut.split(": ")[0] ?? cut;
  return head.length > 0 ? head : name;
}

/**
 * A level's everyday name: its catalog name without a trailing parenthesis that only repeats its id ("★1 (STAR-1)"
 * → "★1"); any other name as it stands ("Level 2 (★★)", "Module A — internal control (Annex VIII Part I)").
 */
export function levelShortName(name: string, id: string): string {
  const inner = TRAILING_PARENTHESIS.exec(name)?.[1]?.trim();
  if (inner !== id) return name;
  const cut = name.replace(TRAILING_PARENTHESIS, "");
  return cut.length > 0 ? cut : name;
}
