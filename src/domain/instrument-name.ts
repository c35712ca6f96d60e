import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { TextLang } from "../catalog/texts.ts";
import { arrangementShortName } from "./display-names.ts";

/**
 * An instrument named inside a sentence of an answer (the summary, a next step) in a language. English: its official
 * title. Japanese: the gloss its companion file gives (a Japanese authority's own title, or our reference translation),
 * with the citation the official title ends with ("(SI 2025/1267)") where the gloss lacks it, so that the instrument
 * stays identifiable; the official title itself is shown where the page or the CLI lists the instrument.
 */
export function instrumentIn(catalog: CatalogIndex, lang: TextLang, title: string): string {
  const gloss = catalog.titleGloss(lang, title);
  if (!gloss) return title;
  const cited = arrangementShortName(title);
  return cited !== title && !gloss.text.includes(cited) ? `${gloss.text}(${cited})` : gloss.text;
}
