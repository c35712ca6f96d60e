import type { Context } from "hono";
import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { ShownText } from "../catalog/texts.ts";
import { AsOfDate } from "../contracts/common.ts";
import type { EquivalenceEngine } from "../domain/equivalence/engine.ts";
import { chooseLang, isLang, type Lang, type Translate, translator } from "../i18n/messages.ts";
import type { AppEnv } from "../lib/types.ts";

/** Bad input on a page: answered as an HTML page (404 with links back, 400 naming the field), never a problem+json. */
export class PageError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** What every page is a pure function of: catalog, date, URL and language. */
export interface PageContext {
  lang: Lang;
  t: Translate;
  url: URL;
  /** The day the page speaks about: `?asOf=` or today (UTC). */
  asOf: string;
  /** Whether `?asOf=` was given: links keep it only then. */
  asOfGiven: boolean;
  category: string | undefined;
  catalog: CatalogIndex;
  engine: EquivalenceEngine;
  /** A catalog text in the page's language, with its kind: the one way pages read catalog prose. */
  text(entity: object, field: string): ShownText | undefined;
  /** This page in the other language: where a translated text's original is, one click away. */
  otherLangHref: string;
  /** An in-site link that keeps the language chosen by `?lang=` (and optionally other query parameters). */
  href(path: string, query?: Record<string, string | undefined>): string;
}

export function pageContext(c: Context<AppEnv>, url = new URL(c.req.url)): PageContext {
  const langQuery = url.searchParams.get("lang") ?? undefined;
  const lang = chooseLang(langQuery, c.req.header("accept-language"));
  const t = translator(lang);
  const { catalog, clock } = c.var.deps;
  const asOfParam = url.searchParams.get("asOf");
  if (asOfParam !== null && asOfParam !== "" && !AsOfDate.safeParse(asOfParam).success) {
    throw new PageError(400, t("error.badField", { field: "asOf", detail: t("error.date") }));
  }
  const categoryParam = url.searchParams.get("category") || undefined;
  if (categoryParam && !catalog.category(categoryParam)) {
    throw new PageError(400, t("error.badField", { field: "category", detail: t("error.category") }));
  }
  const keepLang = isLang(langQuery) ? langQuery : undefined;
  return {
    lang,
    t,
    url,
    asOf: asOfParam || clock.today(),
    asOfGiven: Boolean(asOfParam),
    category: categoryParam,
    catalog,
    engine: c.var.engine,
    text: catalog.textIn(lang),
    otherLangHref: switchLangHref(url, lang === "ja" ? "en" : "ja"),
    href(path, query = {}) {
      const params = new URLSearchParams();
      const all: Record<string, string | undefined> = { ...query, lang: keepLang };
      for (const [key, value] of Object.entries(all)) {
        if (value !== undefined && value !== "") params.set(key, value);
      }
      const search = params.toString();
      return search ? `${path}?${search}` : path;
    },
  };
}

/** The same URL in another language: what the language toggle links to. */
export function switchLangHref(url: URL, lang: Lang): string {
  const params = new URLSearchParams(url.search);
  params.set("lang", lang);
  return `${url.pathname}?${params.toString()}`;
}
