import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { ShownText, TextLang } from "../catalog/texts.ts";
import { issuedAgainst, VALID_LABEL } from "./equivalence/legal.ts";

/**
 * A rule's condition as an answer lists it (the arrangement's condition text, then the documents it names) in a
 * language: the condition's own text through the catalog's accessor, the documents' titles as they stand. Conditions
 * the engine writes itself are Kakehashi's own words in both languages (the label must be valid, the versions it was
 * issued against); the scope condition, which quotes a scope note, stays in English.
 */
export function conditionIn(
  catalog: CatalogIndex,
  lang: TextLang,
  route: { arrangement: string; rule: string },
  condition: string,
): ShownText {
  const own = engineCondition(lang, condition);
  if (own) return own;
  const rule = catalog
    .arrangements()
    .find((a) => a.id === route.arrangement)
    ?.rules.find((r) => r.id === route.rule);
  const source = rule?.conditions.find((c) => condition.startsWith(c.text));
  const shown = source && catalog.textIn(lang)(source, "text");
  if (!source || !shown) return { text: condition, lang: "en", kind: "original" };
  return { ...shown, text: shown.text + condition.slice(source.text.length) };
}

const ISSUED_AGAINST = new RegExp(
  `^${issuedAgainst(["\u0000"])
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace("\u0000", "(.+)")}$`,
);

/** The engine's own conditions in the language asked for; undefined for any other condition. */
function engineCondition(lang: TextLang, condition: string): ShownText | undefined {
  const own = (text: string): ShownText => ({ text, lang, kind: "original" });
  if (condition === VALID_LABEL) {
    return own(
      lang === "ja" ? "元のラベルがその日に有効であること(失効、一時停止又は取下げがされていないこと)。" : condition,
    );
  }
  const versions = ISSUED_AGAINST.exec(condition)?.[1];
  if (versions !== undefined) {
    return own(
      lang === "ja"
        ? `ラベルが ${versions.split(" or ").join(" 又は ")} に基づいて発行されたものであること。`
        : condition,
    );
  }
  return undefined;
}
