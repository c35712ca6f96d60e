import { describe, expect, it } from "vitest";
import { catalogs, chooseLang, format, languages } from "../../src/i18n/messages.ts";

describe("message catalogs", () => {
  const keys = Object.keys(catalogs.en).sort();

  it.each(languages)("%s has every key, none empty", (lang) => {
    const catalog = catalogs[lang] as Record<string, string>;
    expect(Object.keys(catalog).sort()).toEqual(keys);
    for (const key of keys) expect(catalog[key]?.trim(), `${lang} ${key}`).toBeTruthy();
  });

  it("uses the same placeholders in every language", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) {
      const en = (catalogs.en as Record<string, string>)[key] ?? "";
      const ja = (catalogs.ja as Record<string, string>)[key] ?? "";
      expect(names(ja), key).toEqual(names(en));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("chooses ?lang= first, then Accept-Language by q-value, else English", () => {
    expect(chooseLang("ja", "en")).toBe("ja");
    expect(chooseLang("xx", "ja-JP,en;q=0.5")).toBe("ja");
    expect(chooseLang(undefined, "fr, en;q=0.4, ja;q=0.8")).toBe("ja");
    expect(chooseLang(undefined, "ja;q=0, en")).toBe("en");
    expect(chooseLang(undefined, undefined)).toBe("en");
  });
});
