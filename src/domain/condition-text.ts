import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { ShownText, TextLang } from "../catalog/texts.ts";

/**
 * A rule's condition as an answer lists it (the arrangement's condition text, then the documents it names) in a
 * language: the condition's own text through the catalog's accessor, the documents' titles as they stand. Conditions
 * the engine writes itself (the label must be valid, the versions) have no Japanese yet and come back in English.
 */
export function conditionIn(
  catalog: CatalogIndex,
  lang: TextLang,
  route: { arrangement: string; rule: string },
  condition: string,
): ShownText {
  const rule = catalog
    .arrangements()
    .find((a) => a.id === route.arrangement)
    ?.rules.find((r) => r.id === route.rule);
  const source = rule?.conditions.find((c) => condition.startsWith(c.text));
  const shown = source && catalog.textIn(lang)(source, "text");
  if (!source || !shown) return { text: condition, lang: "en", kind: "original" };
  return { ...shown, text: shown.text + condition.slice(source.text.length) };
}
