import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import { type Lang, languages, type Translate, translator } from "../../i18n/messages.ts";
import { schemeShortName } from "../display-names.ts";
import { instrumentIn } from "../instrument-name.ts";

/**
 * A scheme's everyday name in a language: its catalog name without the trailing parenthesis ("JC-STAR", "U.S. Cyber
 * Trust Mark"; in Japanese also the full-width one: "JC-STAR（セキュリティ要件…制度）" → "JC-STAR").
 */
export function shortSchemeName(catalog: CatalogIndex, schemeId: string, lang: Lang = "en"): string {
  let names = shortNames.get(catalog);
  if (!names) {
    names = new Map();
    shortNames.set(catalog, names);
  }
  const key = `${lang}\u0000${schemeId}`;
  let short = names.get(key);
  if (short === undefined) {
    const scheme = catalog.scheme(schemeId);
    const name = (scheme && catalog.textIn(lang)(scheme, "name")?.text) ?? schemeId;
    short = schemeShortName(name);
    names.set(key, short);
  }
  return short;
}

/**
 * Short names by catalog, language and scheme id: a label page asks for them hundreds of times (every derived path
 * names its schemes), each a catalog lookup and four regular expressions (issue 22). At most schemes × 2 entries.
 */
const shortNames = new WeakMap<CatalogIndex, Map<string, string>>();

/** A level's name in a language (the Japanese where the companion file gives it). */
export function levelNameIn(catalog: CatalogIndex, schemeId: string, levelId: string, lang: Lang = "en"): string {
  const level = catalog.level(schemeId, levelId);
  return (level && catalog.textIn(lang)(level, "name")?.text) ?? levelId;
}

export const levelName = (catalog: CatalogIndex, schemeId: string, levelId: string, lang: Lang = "en") =>
  levelNameIn(catalog, schemeId, levelId, lang);

/**
 * A few sentences per language, built only from the structured answer (and the names the catalog gives its schemes
 * and levels): the verdict with the instrument it rests on, the coverage of the level compared, the assessment gap
 * when there is one and the verdict is not `recognized`, and a warning when the source level cannot be obtained yet.
 * Same answer, same words.
 */
export function summarize(
  catalog: CatalogIndex,
  answer: Omit<EquivalenceAnswer, "summary">,
): EquivalenceAnswer["summary"] {
  const out = {} as Record<Lang, string>;
  for (const lang of languages) out[lang] = sentences(catalog, answer, translator(lang), lang);
  return out;
}

function sentences(
  catalog: CatalogIndex,
  answer: Omit<EquivalenceAnswer, "summary">,
  t: Translate,
  lang: Lang,
): string {
  // Names in the summary's language, where the catalog's Japanese texts give them.
  const levelName = (catalog: CatalogIndex, scheme: string, level: string) => levelNameIn(catalog, scheme, level, lang);
  const from = `${shortSchemeName(catalog, answer.from.scheme, lang)} ${levelName(catalog, answer.from.scheme, answer.from.level)}`;
  const to = shortSchemeName(catalog, answer.to.scheme, lang);
  const compared = answer.assurance.to?.level ?? null;
  const out: string[] = [];
  const sourceLevel = catalog.level(answer.from.scheme, answer.from.level);
  if (sourceLevel && sourceLevel.status !== "available") out.push(t("summary.unavailable", { from }));

  const rule =
    answer.verdict === "recognized"
      ? answer.legal.rules.find(
          (r) =>
            (r.effect === "full-recognition" || r.effect === "deemed-compliance") &&
            r.remainingRequirements.length === 0,
        )
      : answer.verdict === "partially-recognized"
        ? answer.legal.rules.find((r) => r.exemptRequirements.length > 0 && r.remainingRequirements.length > 0)
        : answer.verdict === "simplified-procedure"
          ? answer.legal.rules.find((r) => r.effect === "simplified-application")
          : undefined;
  const ruleValues: Record<string, string | number> = rule
    ? {
        instrument: instrumentIn(catalog, lang, rule.title),
        effect: t(`effect.${rule.effect}` as Parameters<Translate>[0]),
        toLevel: levelName(catalog, answer.to.scheme, rule.toLevel),
        date: rule.effectiveFrom,
        exempt: rule.exemptRequirements.length,
        remaining: rule.remainingRequirements.length,
      }
    : {};
  out.push(
    t(`summary.${answer.verdict}`, {
      from,
      to,
      asOf: answer.asOf,
      level: compared ? levelName(catalog, answer.to.scheme, compared) : "",
      ...ruleValues,
    }),
  );

  const level = answer.coverage.levels.find((l) => l.level === compared);
  if (!level) out.push(t("summary.noLevel", { to }));
  else if (answer.verdict !== "recognized") {
    out.push(
      t("summary.coverage", {
        level: levelName(catalog, answer.to.scheme, level.level),
        total: level.requirements,
        covered: level.covered.length,
        partial: level.partial.length,
        undetermined: level.undetermined.length,
        missing: level.missing.length,
        noMapping: level.noMapping.length,
      }),
    );
  }
  // The assessment gap, from the assurance part alone: content coverage cannot close it (see assurance.ts).
  if (answer.verdict !== "recognized" && answer.assurance.gap && answer.assurance.to) {
    const { from: fromSide, to: toSide } = answer.assurance;
    out.push(
      t("summary.assuranceGap", {
        from,
        fromMode: t(`assuranceMode.${fromSide.mode}`),
        level: levelName(catalog, answer.to.scheme, toSide.level),
        toMode: t(`assuranceMode.${toSide.mode}`),
      }),
    );
  }
  // Japanese sentences end in 。 and take no space between them.
  return out.join(t("lang.name") === "日本語" ? "" : " ");
}
