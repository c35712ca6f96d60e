import type { Child, FC } from "hono/jsx";
import type { CatalogIndex } from "../catalog/catalog-index.ts";
import { shortSchemeName } from "../domain/equivalence/summary.ts";
import type { PageContext } from "./page-context.ts";

/**
 * English-only data quoted as written on a page: arrangement titles and conditions, legal bases, summaries, assessors,
 * source titles, requirement titles no source gives in Japanese. On a Japanese page such text is marked `lang="en"`,
 * so that a screen reader reads it with English rules instead of Japanese ones; on an English page the page's own
 * `lang` already says it (a mark there would be redundant bytes on pages held to a weight budget).
 */

/** Kana or kanji: a source title written in Japanese (IPA's pages) is not English, whatever the data's language. */
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * The `lang` for an element whose whole content is English-only data: "en" on a Japanese page, none otherwise (and
 * none for a text given that is written in Japanese). On the element itself, where a wrapper would add bytes.
 */
export function enLang(ctx: PageContext, text?: string): "en" | undefined {
  return ctx.lang === "ja" && !(text && JAPANESE_SCRIPT.test(text)) ? "en" : undefined;
}

/**
 * English-only data inside other text: a `<span lang="en">` on a Japanese page, the bare text on an English one (and on
 * a text written in Japanese: a locator such as "概要 1–4").
 */
export const En: FC<{ ctx: PageContext; children?: Child }> = ({ ctx, children }) =>
  enLang(ctx, typeof children === "string" ? children : undefined) ? (
    <span lang="en">{children}</span>
  ) : (
    <>{children}</>
  );

/**
 * Whether a scheme's names (its own and its levels') are English: the catalog names every scheme in English except
 * where the scheme's own text is Japanese (JC-STAR's "★1 (STAR-1)" reads the same in both).
 */
function namedInEnglish(catalog: CatalogIndex, schemeId: string): boolean {
  return catalog.scheme(schemeId)?.authoritativeLanguage !== "ja";
}

/** The `lang` for an element whose whole content is a scheme's or level's name (an `<option>` can hold no span). */
export function nameLang(ctx: PageContext, schemeId: string): "en" | undefined {
  const scheme = ctx.catalog.scheme(schemeId);
  // A name the catalog gives in Japanese (a companion file's) is not English — unless what the page prints of it, the
  // everyday short name, is the Latin proper name alone ("U.S. Cyber Trust Mark（米国…）" → "U.S. Cyber Trust Mark").
  if (scheme && ctx.text(scheme, "name")?.lang === "ja") {
    return JAPANESE_SCRIPT.test(shortSchemeName(ctx.catalog, schemeId, "ja")) ? undefined : enLang(ctx);
  }
  return namedInEnglish(ctx.catalog, schemeId) ? enLang(ctx) : undefined;
}

const namesOf = new WeakMap<CatalogIndex, readonly string[]>();

/** Every English name the pages print for a scheme or a level, as `schemeText` and `levelText` write them. */
function englishNames(catalog: CatalogIndex): readonly string[] {
  let names = namesOf.get(catalog);
  if (!names) {
    names = catalog
      .allSchemes()
      .filter((s) => namedInEnglish(catalog, s.id))
      .flatMap((s) => [shortSchemeName(catalog, s.id), ...s.levels.map((l) => l.name)]);
    namesOf.set(catalog, names);
  }
  return names;
}

/**
 * A text in the page's language that quotes English-only data — the schemes' and levels' English names (always), and
 * the `quotes` given: the instrument in an answer's summary, the assessor in its assurance note, a route's condition
 * in a next step. Each quote found in it is marked as English.
 */
export const Quoting: FC<{ ctx: PageContext; text: string; quotes?: readonly (string | null | undefined)[] }> = ({
  ctx,
  text,
  quotes = [],
}) => {
  if (ctx.lang !== "ja") return <>{text}</>;
  const wanted = [...new Set([...quotes, ...englishNames(ctx.catalog)].filter((q): q is string => Boolean(q)))].sort(
    (a, b) => b.length - a.length,
  );
  const parts: Child[] = [];
  let rest = text;
  while (rest.length > 0) {
    // The earliest quote in what is left; the longest where two start at the same place.
    let found: { at: number; quote: string } | undefined;
    for (const quote of wanted) {
      const at = rest.indexOf(quote);
      if (at >= 0 && (!found || at < found.at)) found = { at, quote };
    }
    if (!found) break;
    if (found.at > 0) parts.push(rest.slice(0, found.at));
    parts.push(<span lang="en">{found.quote}</span>);
    rest = rest.slice(found.at + found.quote.length);
  }
  if (rest.length > 0) parts.push(rest);
  return <>{parts}</>;
};
