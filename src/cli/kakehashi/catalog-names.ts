import type { components } from "../../client/index.ts";
import { arrangementShortName, levelShortName, schemeShortName } from "../../domain/display-names.ts";
import type { Lang, Translate } from "../../i18n/messages.ts";
import { AnswerError } from "./errors.ts";

type SchemeList = components["schemas"]["SchemeList"];

/**
 * The names the command shows people, from the scheme list the API gives (the embedded catalog's, or the server's
 * with --url): schemes, levels and arrangements as people know them, never their ids (ids stay in --json).
 */
export class CatalogNames {
  readonly #schemes: Map<string, SchemeList["schemes"][number]>;
  readonly #categories: Map<string, SchemeList["categories"][number]>;

  constructor(
    list: SchemeList,
    readonly lang: Lang,
  ) {
    this.#schemes = new Map(list.schemes.map((s) => [s.id, s]));
    this.#categories = new Map(list.categories.map((c) => [c.id, c]));
  }

  scheme(id: string): string {
    const scheme = this.#schemes.get(id);
    return scheme ? this.text(schemeShortName(scheme.name)) : id;
  }

  level(schemeId: string, levelId: string): string {
    const level = this.#schemes.get(schemeId)?.levels.find((l) => l.id === levelId);
    return level ? this.text(levelShortName(level.name, level.id)) : levelId;
  }

  /** "JC-STAR ★1". */
  label(schemeId: string, levelId: string): string {
    return `${this.scheme(schemeId)} ${this.level(schemeId, levelId)}`;
  }

  arrangement(title: string): string {
    return this.text(arrangementShortName(title));
  }

  category(id: string): string {
    const category = this.#categories.get(id);
    if (!category) return id;
    return this.lang === "ja" && category.labelJa ? category.labelJa : category.label;
  }

  /** "jc-star:S1.1-15" → "JC-STAR S1.1-15": a requirement by its scheme's name and its own number. */
  requirement(ref: string): string {
    const at = ref.indexOf(":");
    return at < 0 ? ref : `${this.scheme(ref.slice(0, at))} ${ref.slice(at + 1)}`;
  }

  /**
   * JAPANESE CATALOG TEXT PLUGS IN HERE. Every catalog text the command prints (scheme, level and arrangement names,
   * requirement titles, conditions, notes, assessors, source titles) passes through this one function. Today the
   * catalog is English only, so it returns the English text; when the catalog's Japanese companions land (the `ja/`
   * folder beside each data file and its accessor), look the Japanese text up here for `this.lang === "ja"` and keep
   * the English as the fallback.
   */
  text(english: string): string {
    return english;
  }

  /**
   * A `scheme:level` (or `scheme` where `levelOptional`) the user typed, checked against the catalog before asking,
   * so that a mistake is one line naming what exists: "unknown level STAR-9 of JC-STAR; levels: STAR-1, …".
   */
  check(value: string, levelOptional: boolean, t: Translate): void {
    const at = value.indexOf(":");
    const schemeId = at < 0 ? value : value.slice(0, at);
    const scheme = this.#schemes.get(schemeId);
    if (!scheme) {
      throw new AnswerError(t("cli.error.unknownScheme", { id: schemeId, ids: [...this.#schemes.keys()].join(", ") }));
    }
    const levels = scheme.levels.map((l) => l.id).join(", ");
    if (at < 0) {
      if (levelOptional) return;
      throw new AnswerError(t("cli.error.needsLevel", { value, scheme: this.scheme(schemeId), ids: levels }));
    }
    const levelId = value.slice(at + 1);
    if (!scheme.levels.some((l) => l.id === levelId)) {
      throw new AnswerError(t("cli.error.unknownLevel", { id: levelId, scheme: this.scheme(schemeId), ids: levels }));
    }
  }
}
