import { en, type MessageKey } from "./en.ts";
import { ja } from "./ja.ts";

/** The languages of the fixed text. English is the default; Japanese is JC-STAR's authoritative language. */
export const languages = ["en", "ja"] as const;
export type Lang = (typeof languages)[number];

export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ja };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; a placeholder with no value stays visible, so a mistake shows instead of hiding. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return fill(template.split(PLACEHOLDER), values);
}

const PLACEHOLDER = /\{(\w+)\}/;

/**
 * A template split at its placeholders (`split` with a capturing group leaves the text at even indexes and the
 * placeholders' names at odd ones), filled in: the messages are split once each (`translator`), not scanned by a
 * regular expression every time — a label page formats a few hundred (issue 22).
 */
function fill(parts: readonly string[], values: Record<string, string | number>): string {
  let text = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    text += (name in values ? String(values[name]) : `{${name}}`) + (parts[i + 1] ?? "");
  }
  return text;
}

export function translator(lang: Lang): Translate {
  const messages = catalogs[lang];
  let split = splitMessages.get(messages);
  if (!split) {
    split = new Map();
    splitMessages.set(messages, split);
  }
  const known = split;
  return (key, values = {}) => {
    let parts = known.get(key);
    if (!parts) {
      parts = messages[key].split(PLACEHOLDER);
      known.set(key, parts);
    }
    return fill(parts, values);
  };
}

/** Each language's messages split at their placeholders, once per process: at most the number of message keys. */
const splitMessages = new WeakMap<Record<MessageKey, string>, Map<MessageKey, string[]>>();

export function isLang(value: string | undefined): value is Lang {
  return value === "en" || value === "ja";
}

/**
 * The page language: `?lang=` when it names one we have, else the first of ours in `Accept-Language` by q-value,
 * else English.
 */
export function chooseLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((entry, index) => {
      const [tag = "", ...params] = entry.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.split("-")[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((e) => e.base).find(isLang) ?? "en";
}
