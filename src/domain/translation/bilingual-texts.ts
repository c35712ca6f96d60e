import type * as say from "./messages.ts";

/**
 * Bilingual sentences made once per key and handed out as copies: building them again for every answer is most of a
 * translation's text work, and a copy keeps each answer its own (callers may change what they receive). Keys are
 * catalog facts (field names, issue codes, rule ids), so the memo is bounded by the catalog. Shared by the unmapped
 * entries and the target's own-field warnings.
 */
export class BilingualTexts {
  private readonly texts = new Map<string, say.Bilingual>();

  /** A copy of the text made once for `key`. */
  get(key: string, make: () => say.Bilingual): say.Bilingual {
    let text = this.texts.get(key);
    if (!text) {
      text = make();
      this.texts.set(key, text);
    }
    return { en: text.en, ja: text.ja };
  }
}
