import type { JaText, TextKind } from "./ja/companion.ts";
import { walkContainers } from "./ja/text-keys.ts";
import type { Catalog } from "./model.ts";

export type TextLang = "en" | "ja";

/**
 * A catalog text as a page or an answer shows it: the text, the language it is in (English where no Japanese exists
 * yet), and what it is relative to the other language — `original` (the source text: English for most schemes, the
 * Japanese quoted from IPA for JC-STAR) or `reference-translation` (参考訳: ours, the original one click away).
 */
export interface ShownText {
  text: string;
  lang: TextLang;
  kind: TextKind;
  /** The source key the Japanese is quoted from, for an original. */
  cite?: string;
}

/**
 * The one way to read a catalog text in a language: `textIn("ja")(requirement, "title")`. Each catalog object is found
 * by identity (the objects `CatalogIndex` hands out), so a caller never spells a key; the keys are the companion
 * files' own (src/catalog/ja/text-keys.ts).
 */
export class CatalogTexts {
  private readonly where = new WeakMap<object, { root: string; key: string }>();

  constructor(private readonly catalog: Catalog) {
    const roots: [string, unknown][] = [
      ...catalog.schemes.map((s): [string, unknown] => [`scheme:${s.id}`, s]),
      ...catalog.arrangements.map((a): [string, unknown] => [`arrangement:${a.id}`, a]),
      ...catalog.markets.map((m): [string, unknown] => [`market:${m.market}`, m]),
      ...catalog.crosswalks.map((c): [string, unknown] => [`crosswalk:${c.id}`, c]),
      ["categories", catalog.categories],
    ];
    for (const [root, data] of roots) {
      walkContainers(data, (node, key) => {
        if (!this.where.has(node)) this.where.set(node, { root, key });
      });
    }
  }

  /** The Japanese of `entity[field]` as the companion file gives it, if any. */
  japanese(entity: object, field: string): JaText | undefined {
    const at = this.where.get(entity);
    if (!at) return undefined;
    return this.catalog.texts?.ja[at.root]?.[at.key ? `${at.key}/${field}` : field];
  }

  /**
   * The Japanese gloss of a document's or an instrument's title, by the title as officially written: the arrangements'
   * `title` and every `sources/<key>/title` a companion file glosses. Answers carry titles as strings (a source is
   * cited by many answers, an arrangement by many rules), so titles are found by their text; the same document cited
   * in several files is glossed once, in the first file's companion (the build rejects a second, different gloss).
   */
  titleGloss(english: string): JaText | undefined {
    if (!this.glosses) {
      this.glosses = new Map();
      const { arrangements, schemes, markets, crosswalks } = this.catalog;
      const documents: { title: string }[] = [...arrangements];
      for (const root of [...arrangements, ...schemes, ...markets, ...crosswalks]) {
        documents.push(...Object.values(root.sources as Record<string, { title: string }>));
      }
      for (const document of documents) {
        const ja = this.japanese(document, "title");
        if (ja && !this.glosses.has(document.title)) this.glosses.set(document.title, ja);
      }
    }
    return this.glosses.get(english);
  }

  private glosses: Map<string, JaText> | undefined;
  private byEnglish: Map<string, JaText> | undefined;

  /**
   * The Japanese of a catalog text found by its English (the first object whose field holds it): for a client that
   * reads the API's answers, which carry the catalog's texts as strings (the CLI's human output), and so cannot hand
   * the accessor an object. Built once, on first use.
   */
  japaneseOf(english: string): JaText | undefined {
    if (!this.byEnglish) {
      const map = new Map<string, JaText>();
      const roots: unknown[] = [
        ...this.catalog.schemes,
        ...this.catalog.arrangements,
        ...this.catalog.markets,
        ...this.catalog.crosswalks,
        this.catalog.categories,
      ];
      for (const root of roots) {
        walkContainers(root, (node) => {
          for (const [field, value] of Object.entries(node)) {
            if (typeof value !== "string" || map.has(value)) continue;
            const ja = this.japanese(node, field);
            if (ja) map.set(value, ja);
          }
        });
      }
      this.byEnglish = map;
    }
    return this.byEnglish.get(english);
  }

  textIn(lang: TextLang): (entity: object, field: string) => ShownText | undefined {
    return (entity, field) => {
      const english = (entity as Record<string, unknown>)[field];
      const ja = this.japanese(entity, field);
      if (lang === "ja" && ja)
        return { text: ja.text, lang: "ja", kind: ja.kind, ...(ja.cite ? { cite: ja.cite } : {}) };
      if (typeof english !== "string") return undefined;
      // The English of a text whose Japanese is the original is our translation of it.
      return { text: english, lang: "en", kind: ja?.kind === "original" ? "reference-translation" : "original" };
    };
  }
}
