import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import docsAssets from "../../generated/docs-assets.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { shortSchemeName } from "../../src/domain/equivalence/summary.ts";
import { textNodes } from "../helpers/html-text.ts";
import { mainPages } from "../helpers/main-pages.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * English-only data on a Japanese page is marked `lang="en"` (src/web/quoted.tsx), so that a screen reader reads it
 * with English rules; an English page marks nothing (its `<html lang="en">` says it already).
 */
const { app } = createTestApp({ docsAssets });
const catalog = new CatalogIndex(catalogBundle);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Three words or more in Latin letters: shorter data (a market's name, "CIC Lite") could match Japanese text by chance. */
const PHRASE = /[A-Za-z][\w.'’()/-]*(?:[ ,;:]+[A-Za-z][\w.'’()/-]*){2,}/;

/** The catalog's texts that exist in English only: what the pages quote from arrangements, markets and schemes. */
function englishOnlyData(): Set<string> {
  const texts: (string | null | undefined)[] = [];
  for (const a of catalogBundle.arrangements) {
    texts.push(a.title, a.summary, ...Object.values(a.sources).map((s) => s.title));
    for (const rule of a.rules) texts.push(...rule.conditions.map((c) => c.text), ...rule.fees.map((f) => f.note));
  }
  for (const m of catalogBundle.markets) {
    texts.push(m.name, ...m.announcements.flatMap((a) => [a.summary, a.expected]));
    for (const rule of m.rules) {
      texts.push(rule.legalBasis, rule.levelNote, rule.summary, ...rule.exceptions.map((e) => e.text));
    }
  }
  for (const s of catalogBundle.schemes) {
    texts.push(
      s.name,
      s.summary,
      s.owner,
      ...s.versions.map((v) => v.title),
      ...Object.values(s.sources).map((x) => x.title),
    );
    // A name with a Japanese companion text is not English-only: a Japanese page prints the Japanese (which may hold
    // the Latin proper name inside it, as "Product Security Verified 認証" does).
    const inJapanese = (entity: object, field: string) => catalog.textIn("ja")(entity as never, field)?.lang === "ja";
    if (s.authoritativeLanguage !== "ja") {
      if (!inJapanese(s, "name")) texts.push(shortSchemeName(catalog, s.id));
      texts.push(...s.levels.filter((l) => !inJapanese(l, "name")).map((l) => l.name));
    }
    for (const l of s.levels) texts.push(l.summary, l.assurance.assessor);
    for (const r of s.requirements) texts.push(r.title, r.summary, r.group, r.provenance.note);
  }
  return new Set(texts.filter((t): t is string => typeof t === "string" && PHRASE.test(t) && !JAPANESE.test(t)));
}

/** The main pages, every scheme's page, and a label page of every level with a category (the market section). */
const pages = [
  ...mainPages,
  ...catalogBundle.schemes.map((s) => `/schemes/${s.id}`),
  ...catalogBundle.schemes.flatMap((s) => s.levels.map((l) => `/labels/${s.id}/${l.id}?category=consumer-iot-device`)),
];
const render = async (path: string, lang: "en" | "ja") => {
  const response = await app.request(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`, {
    headers: { Accept: "text/html" },
  });
  expect(response.status, path).toBe(200);
  return response.text();
};

describe("English quoted on Japanese pages", () => {
  it("marks every English-only data text, and every Latin-only phrase, lang=en on the Japanese pages", async () => {
    const data = englishOnlyData();
    expect(data.size).toBeGreaterThan(200); // the catalog's titles, conditions, summaries … not a handful
    const unmarked: string[] = [];
    let quoted = 0;
    for (const path of pages) {
      for (const node of textNodes(await render(path, "ja"))) {
        // A document's <title> holds text only: no element can mark a part of it.
        if (node.path.at(-1) === "title") continue;
        const found = [...data].filter((text) => node.text.includes(text));
        const latinOnly = !JAPANESE.test(node.text) && PHRASE.test(node.text);
        if (found.length === 0 && !latinOnly) continue;
        if (node.lang === "en") quoted++;
        else unmarked.push(`${path} <${node.path.join(">")}>: ${(found[0] ?? node.text).slice(0, 120)}`);
      }
    }
    expect(unmarked, unmarked.slice(0, 10).join("\n")).toEqual([]);
    // Fewer than before the glosses of titles, the Japanese assessors and the scheme pages' Japanese summaries (461
    // when they came), still hundreds: the walk is not vacuous.
    expect(quoted).toBeGreaterThan(400);
  }, 60_000);

  it("marks nothing lang=en on the English pages", async () => {
    for (const path of pages) {
      const html = await render(path, "en");
      expect(html.startsWith('<!doctype html><html lang="en">'), path).toBe(true);
      expect(html.split('lang="en"').length - 1, path).toBe(1); // the <html> element's own
    }
  }, 60_000);

  it('writes the mark in one place: no page or component spells lang="en" itself', () => {
    const web = join(import.meta.dirname, "../../src/web");
    const files = readdirSync(web, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tsx"));
    const spelled = files.filter((f) => f !== "quoted.tsx" && readFileSync(join(web, f), "utf8").includes('lang="en"'));
    expect(spelled).toEqual([]);
  });
});
