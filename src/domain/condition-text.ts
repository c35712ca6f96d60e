import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { ShownText, TextLang } from "../catalog/texts.ts";
import { issuedAgainst, scopeCondition, VALID_LABEL } from "./equivalence/legal.ts";

/**
 * A rule's condition as an answer lists it (the arrangement's condition text, then the documents it names) in a
 * language: the condition's own text through the catalog's accessor, the documents' titles as they stand. Conditions
 * the engine writes itself are Kakehashi's own words in both languages (the label must be valid, the versions it was
 * issued against, the product scope of a rule asked about without a category — its categories and scope note through
 * the accessor).
 */
export function conditionIn(
  catalog: CatalogIndex,
  lang: TextLang,
  route: { arrangement: string; rule: string },
  condition: string,
): ShownText {
  const rule = findRule(catalog, route);
  // The engine's own conditions, recognised by rebuilding them from the rule, not by parsing the English.
  if (condition === VALID_LABEL) return own(lang, validLabelIn(lang));
  const versions = rule?.from.versions;
  if (versions && condition === issuedAgainst(versions)) return own(lang, issuedAgainstIn(lang, versions));
  const scope = rule?.productScope;
  if (scope && condition === scopeCondition(catalog, scope)) return own(lang, scopeConditionIn(catalog, lang, scope));
  const source = rule?.conditions.find((c) => condition.startsWith(c.text));
  const shown = source && catalog.textIn(lang)(source, "text");
  if (!source || !shown) return { text: condition, lang: "en", kind: "original" };
  const documents = source.documents ?? [];
  // The documents the condition names ("Documents: …" in English), each through the accessor, in the language's words.
  if (lang === "ja" && shown.lang === "ja" && documents.length > 0) {
    const names = documents.map((d, i) => catalog.textIn(lang)(documents, String(i))?.text ?? d);
    return { ...shown, text: `${shown.text} 必要書類: ${names.join("、")}。` };
  }
  return { ...shown, text: shown.text + condition.slice(source.text.length) };
}

/**
 * A route's fee note as an answer lists it, in a language: the arrangement rule's fee with that note, through the
 * catalog's accessor (the companion file's `rules/<id>/fees/<i>/note`); the note as it stands where none is found.
 */
export function feeNoteIn(
  catalog: CatalogIndex,
  lang: TextLang,
  route: { arrangement: string; rule: string },
  note: string,
): ShownText {
  const fee = findRule(catalog, route)?.fees.find((f) => f.note === note);
  return (fee && catalog.textIn(lang)(fee, "note")) ?? { text: note, lang: "en", kind: "original" };
}

const findRule = (catalog: CatalogIndex, route: { arrangement: string; rule: string }) =>
  catalog
    .arrangements()
    .find((a) => a.id === route.arrangement)
    ?.rules.find((r) => r.id === route.rule);

const own = (lang: TextLang, text: string): ShownText => ({ text, lang, kind: "original" });

function validLabelIn(lang: TextLang): string {
  return lang === "ja"
    ? "元のラベルがその日に有効であること(失効、一時停止又は取下げがされていないこと)。"
    : VALID_LABEL;
}

/** "The label must have been issued against A or B." in a language; the version names as the schemes write them. */
export function issuedAgainstIn(lang: TextLang, versions: readonly string[]): string {
  return lang === "ja"
    ? `ラベルが ${versions.join(" 又は ")} に基づいて発行されたものであること。`
    : issuedAgainst(versions);
}

/** The engine's scope condition in a language: the categories by their names, the rule's scope note as translated. */
function scopeConditionIn(
  catalog: CatalogIndex,
  lang: TextLang,
  scope: NonNullable<Parameters<typeof scopeCondition>[1]>,
): string {
  if (lang !== "ja") return scopeCondition(catalog, scope);
  const text = catalog.textIn(lang);
  const names = (ids: readonly string[]) =>
    ids.map((id) => {
      const category = catalog.category(id);
      return (category && text(category, "label")?.text) ?? id;
    });
  const parts = [
    scope.include ? `次の製品区分に限り適用される: ${names(scope.include).join("、")}` : undefined,
    scope.exclude ? `次の製品区分には適用されない: ${names(scope.exclude).join("、")}` : undefined,
  ].filter(Boolean);
  const note = scope.note ? `(${text(scope, "note")?.text ?? scope.note})` : "";
  return `対象を限定した規則である。${parts.join("。")}${note}。`;
}
