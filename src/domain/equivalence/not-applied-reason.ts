import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import { type Lang, languages, type Translate, translator } from "../../i18n/messages.ts";

/**
 * Why a rule does not apply, in both languages: the answer's `reason` (English, as it always read) and `reasonJa`.
 * The engine's own words, from the message catalogue (`reason.*`); the catalog's names in each language — on the
 * English side as the English answers have always named them (some with ids), on the Japanese side by their Japanese
 * names.
 */
export interface Reason {
  en: string;
  ja: string;
}

/** One reason, said in every language by `say` (given the language's translator and the language). */
export function reason(say: (t: Translate, lang: Lang) => string): Reason {
  const text = {} as Record<Lang, string>;
  for (const lang of languages) text[lang] = say(translator(lang), lang);
  return text;
}

/** A product category's name in a language (the companion file's Japanese), else its id. */
export function categoryName(catalog: CatalogIndex, id: string, lang: Lang): string {
  const category = catalog.category(id);
  if (!category) return id;
  return lang === "ja" ? (catalog.textIn("ja")(category, "label")?.text ?? category.label) : category.label;
}

/** Why a label that is not valid on the date earns nothing (a stored record's status). */
export function labelStatusReason(status: string, validUntil: string | null | undefined): Reason {
  return reason((t, lang) =>
    status === "expired" && validUntil
      ? t("reason.labelExpired", { date: validUntil })
      : t("reason.labelStatus", {
          status: lang === "en" ? status : t(`verify.status.${status}` as Parameters<Translate>[0]),
        }),
  );
}
