import { isLang, type Lang } from "../../i18n/messages.ts";

/**
 * The language of the command's own words: `--lang en|ja` (or `--lang=…`) wherever it stands, else the locale the
 * shell gives (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them): `ja_JP.UTF-8` and the like mean Japanese.
 * An unknown `--lang` value is returned as it is, for the command to refuse in English.
 */
export function cliLang(argv: readonly string[], env: Record<string, string | undefined>): Lang | { unknown: string } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = arg === "--lang" ? argv[i + 1] : arg.startsWith("--lang=") ? arg.slice("--lang=".length) : undefined;
    if (value !== undefined) return isLang(value) ? value : { unknown: value };
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^ja(?:[_.@-]|$)/i.test(locale) ? "ja" : "en";
}
