import type {
  Arrangement,
  Catalog,
  CompiledLevel,
  CompiledScheme,
  Crosswalk,
  Market,
  ProductCategory,
  SchemeRequirement,
} from "./model.ts";
import { CatalogTexts, type ShownText, type TextLang } from "./texts.ts";

/**
 * Read-only lookups over a compiled catalog, built once per process (or isolate) from the bundle. Handlers and the
 * engine ask it; nothing else walks the raw arrays.
 */
export class CatalogIndex {
  readonly digest: string;
  private readonly schemes = new Map<string, CompiledScheme>();
  private readonly levels = new Map<string, Map<string, CompiledLevel>>();
  private readonly requirements = new Map<string, Map<string, SchemeRequirement>>();
  private readonly categories = new Map<string, ProductCategory>();
  private readonly texts: CatalogTexts;

  constructor(readonly catalog: Catalog) {
    this.digest = catalog.digest;
    for (const scheme of catalog.schemes) {
      this.schemes.set(scheme.id, scheme);
      this.levels.set(scheme.id, new Map(scheme.levels.map((level) => [level.id, level])));
      this.requirements.set(scheme.id, new Map(scheme.requirements.map((r) => [r.id, r])));
    }
    for (const category of catalog.categories) this.categories.set(category.id, category);
    this.texts = new CatalogTexts(catalog);
  }

  /**
   * A catalog object's text in a language, with its kind (original / reference translation): `textIn("ja")(level,
   * "name")`. English where no Japanese exists; undefined where the field holds no text.
   */
  textIn(lang: TextLang): (entity: object, field: string) => ShownText | undefined {
    return this.texts.textIn(lang);
  }

  /**
   * A document's or instrument's title in a language: on the Japanese side the gloss a companion file gives (a
   * Japanese authority's own title, `original`, or ours, `reference-translation`), else undefined — the official
   * title stays as written and is shown beside its gloss (src/web/official-title.tsx).
   */
  titleGloss(lang: TextLang, english: string): ShownText | undefined {
    if (lang !== "ja") return undefined;
    const ja = this.texts.titleGloss(english);
    return ja && { text: ja.text, lang: "ja", kind: ja.kind, ...(ja.cite ? { cite: ja.cite } : {}) };
  }

  /** A catalog text in a language found by its English, where only the string is at hand (see CatalogTexts). */
  textOf(lang: TextLang, english: string): ShownText | undefined {
    if (lang !== "ja") return undefined;
    const ja = this.texts.japaneseOf(english);
    return ja && { text: ja.text, lang: "ja", kind: ja.kind, ...(ja.cite ? { cite: ja.cite } : {}) };
  }

  allSchemes(): readonly CompiledScheme[] {
    return this.catalog.schemes;
  }

  scheme(id: string): CompiledScheme | undefined {
    return this.schemes.get(id);
  }

  level(schemeId: string, levelId: string): CompiledLevel | undefined {
    return this.levels.get(schemeId)?.get(levelId);
  }

  requirement(schemeId: string, requirementId: string): SchemeRequirement | undefined {
    return this.requirements.get(schemeId)?.get(requirementId);
  }

  category(id: string): ProductCategory | undefined {
    return this.categories.get(id);
  }

  /** The category and every broader term above it: a scope naming any of them covers the category. */
  categoryLineage(id: string): string[] {
    const out: string[] = [];
    let cursor = this.categories.get(id);
    while (cursor && !out.includes(cursor.id)) {
      out.push(cursor.id);
      cursor = cursor.broader ? this.categories.get(cursor.broader) : undefined;
    }
    return out;
  }

  /** Crosswalk sets between two schemes, in either direction when `from`/`to` are given; all when neither is. */
  crosswalks(from?: string, to?: string): Crosswalk[] {
    return this.catalog.crosswalks.filter(
      (set) => (!from || set.from.scheme === from) && (!to || set.to.scheme === to),
    );
  }

  arrangements(): readonly Arrangement[] {
    return this.catalog.arrangements;
  }

  /** Every market with market-access rules, in catalog order (by file name). */
  markets(): readonly Market[] {
    return this.catalog.markets;
  }

  market(id: string): Market | undefined {
    return this.catalog.markets.find((m) => m.market === id);
  }
}
