import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { components } from "../../client/index.ts";
import { conditionIn } from "../../domain/condition-text.ts";
import { arrangementShortName, levelShortName, schemeShortName } from "../../domain/display-names.ts";
import type { Lang, Translate } from "../../i18n/messages.ts";
import { AnswerError } from "./errors.ts";

type SchemeList = components["schemas"]["SchemeList"];

/**
 * The names the command shows people, from the scheme list the API gives (the embedded catalog's, or the server's
 * with --url): schemes, levels and arrangements as people know them, never their ids (ids stay in --json). In
 * Japanese, the catalog's texts come from `texts` — the embedded catalog's text accessor, the one the web view reads —
 * with the English as the fallback (a server with --url may hold a text the embedded catalog does not).
 */
export class CatalogNames {
  readonly #schemes: Map<string, SchemeList["schemes"][number]>;
  readonly #categories: Map<string, SchemeList["categories"][number]>;

  constructor(
    list: SchemeList,
    readonly lang: Lang,
    private readonly texts?: CatalogIndex,
  ) {
    this.#schemes = new Map(list.schemes.map((s) => [s.id, s]));
    this.#categories = new Map(list.categories.map((c) => [c.id, c]));
  }

  scheme(id: string): string {
    const scheme = this.#schemes.get(id);
    return scheme ? schemeShortName(this.text(scheme.name)) : id;
  }

  level(schemeId: string, levelId: string): string {
    const level = this.#schemes.get(schemeId)?.levels.find((l) => l.id === levelId);
    return level ? levelShortName(this.text(level.name), level.id) : levelId;
  }

  /** "JC-STAR ★1". */
  label(schemeId: string, levelId: string): string {
    return `${this.scheme(schemeId)} ${this.level(schemeId, levelId)}`;
  }

  /** An instrument: its citation where its title ends with one ("SI 2025/1267"), else its title or Japanese gloss. */
  arrangement(title: string): string {
    const cited = arrangementShortName(title);
    if (cited !== title) return cited;
    return (this.lang === "ja" && this.texts?.titleGloss("ja", title)?.text) || title;
  }

  /** A rule's condition as the answer lists it, in the command's language (the web view's `conditionIn`). */
  condition(route: { arrangement: string; rule: string }, condition: string): string {
    return this.lang === "ja" && this.texts ? conditionIn(this.texts, "ja", route, condition).text : condition;
  }

  /** A document's title: in Japanese, the gloss with the official title after it, as the web view shows it. */
  title(official: string, t: Translate): string {
    const gloss = this.lang === "ja" ? this.texts?.titleGloss("ja", official) : undefined;
    if (!gloss) return official;
    if (gloss.kind === "original") return gloss.text;
    return `${gloss.text}(${t("text.referenceTranslation")}。${t("text.officialTitle")}: ${official})`;
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
   * Every catalog text the command prints (scheme, level and arrangement names, summaries, notes, assessors) passes
   * through here: in Japanese, the catalog's Japanese for that English text (its text accessor, found by the string,
   * as the answers carry strings); else, and where none exists, the English.
   */
  text(english: string): string {
    return (this.lang === "ja" && this.texts?.textOf("ja", english)?.text) || english;
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
