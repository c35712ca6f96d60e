import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import { axeResults, chromiumInstalled, launchChromium, startWebServer } from "../helpers/browser.ts";
import { mainPages } from "../helpers/main-pages.ts";
import { englishProseOfPage } from "../helpers/page-prose.ts";

/**
 * The web view in a real browser (Debian's Chromium driven by playwright-core): the walk a manufacturer would take,
 * with and without JavaScript, both languages, accessibility (axe-core) and a 375 px wide screen.
 */
const run = chromiumInstalled();
const TIMEOUT = 120_000;

describe.skipIf(!run)("web view in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startWebServer>>;

  beforeAll(async () => {
    server = await startWebServer();
    browser = await launchChromium();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page that records every console error and uncaught exception. */
  async function openPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    return { page, errors };
  }

  for (const javaScriptEnabled of [true, false]) {
    it(
      `walks home → JC-STAR ★1 → UK recognised with its instrument → Japanese and back (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
      async () => {
        const context = await browser.newContext({ javaScriptEnabled, locale: "en-GB" });
        const { page, errors } = await openPage(context);
        await page.goto(`${server.origin}/`);
        await page.selectOption('select[name="label"]', "jc-star/STAR-1");
        await Promise.all([page.waitForURL(/\/labels\/jc-star\/STAR-1/), page.click('button[type="submit"]')]);
        expect(new URL(page.url()).pathname).toBe("/labels/jc-star/STAR-1");

        const uk = page.locator('[data-scheme="uk-psti"]');
        await expect(uk.locator(".chip.v-recognized").first().textContent()).resolves.toBe("Recognised");
        expect(await uk.locator("summary").textContent()).toContain("SI 2025/1267");
        expect(await page.locator("html").getAttribute("lang")).toBe("en");

        await Promise.all([page.waitForURL(/lang=ja/), page.click('[data-testid="lang-toggle"]')]);
        expect(new URL(page.url()).pathname).toBe("/labels/jc-star/STAR-1");
        expect(await page.locator("html").getAttribute("lang")).toBe("ja");
        expect(await uk.locator(".chip.v-recognized").first().textContent()).toBe("承認");
        expect(await page.locator("h1").textContent()).toContain("他制度における");

        await Promise.all([page.waitForURL(/lang=en/), page.click('[data-testid="lang-toggle"]')]);
        expect(new URL(page.url()).pathname).toBe("/labels/jc-star/STAR-1");
        expect(await page.locator("html").getAttribute("lang")).toBe("en");
        expect(errors).toEqual([]);
        await context.close();
      },
      TIMEOUT,
    );
  }

  /**
   * Everything a person can see on a page: its text with every `<details>` opened, the options and groups of its
   * drop-downs (shown when opened), tooltips and the window title.
   */
  const visibleText = `(() => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    return [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll("option, optgroup")].map((o) => o.label || o.textContent),
      ...[...document.querySelectorAll("[title]")].map((e) => e.title),
    ].join("\\n");
  })()`;

  /** What one visit to a main page found, for the two tests below to judge. */
  interface MainPageVisit {
    path: string;
    lang: string;
    url: string;
    status: number | undefined;
    /** At 375 px wide, as loaded. */
    scrollWidth: number;
    clientWidth: number;
    duplicateIds: string[];
    axe: Awaited<ReturnType<typeof axeResults>>;
    /** `visibleText` at Playwright's default 1280 × 720, after axe (it opens every `<details>`). */
    text: string;
    /** The home page's label drop-down. */
    labelOptions?: string[];
  }

  const phone = { width: 375, height: 800 };
  const desktop = { width: 1280, height: 720 };

  /**
   * Both languages side by side, a context each (two cores: one renders and runs axe while the other does); within a
   * language, page after page, each loaded once for every check the two tests make — the accessibility checks on the
   * page as loaded at 375 px, then the text check at 1280 px (where it ran in its own context before: the load and
   * render of a page cost about as much as the checks).
   */
  async function visitMainPages(): Promise<{ visits: MainPageVisit[]; errors: string[] }> {
    const walk = async (lang: string) => {
      const context = await browser.newContext({ viewport: phone });
      const { page, errors } = await openPage(context);
      const visits: MainPageVisit[] = [];
      for (const path of mainPages) {
        const url = `${server.origin}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
        await page.setViewportSize(phone);
        const response = await page.goto(url);
        // A string, evaluated in the page: this project's TypeScript has no DOM types.
        const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
          "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })",
        );
        const duplicateIds = await page.evaluate<string[]>(
          "[...document.querySelectorAll('[id]')].map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i)",
        );
        const axe = await axeResults(page);
        await page.setViewportSize(desktop);
        const text = await page.evaluate<string>(visibleText);
        const labelOptions =
          path === "/"
            ? await page.evaluate<string[]>(
                "[...document.querySelectorAll('select[name=label] option')].map((o) => o.textContent)",
              )
            : undefined;
        visits.push({
          path,
          lang,
          url,
          status: response?.status(),
          scrollWidth,
          clientWidth,
          duplicateIds,
          axe,
          text,
          ...(labelOptions ? { labelOptions } : {}),
        });
      }
      await context.close();
      return { visits, errors };
    };
    const walks = await Promise.all(["en", "ja"].map(walk));
    return { visits: walks.flatMap((w) => w.visits), errors: walks.flatMap((w) => w.errors) };
  }
  let mainPageVisits: ReturnType<typeof visitMainPages> | undefined;
  /** The walk, made by whichever of the two tests runs first (either may run alone, `-t`). */
  const mainPageWalk = () => {
    mainPageVisits ??= visitMainPages();
    return mainPageVisits;
  };

  it(
    "every main page, in both languages: no console error, no serious or critical axe violation, no sideways scroll at 375 px, no duplicate id",
    async () => {
      const { visits, errors } = await mainPageWalk();
      expect(visits).toHaveLength(mainPages.length * 2);
      const problems: string[] = [];
      for (const { url, status, scrollWidth, clientWidth, duplicateIds, axe } of visits) {
        expect(status, url).toBe(200);
        if (scrollWidth > clientWidth) problems.push(`${url}: scrolls sideways (${scrollWidth} > ${clientWidth})`);
        if (duplicateIds.length > 0) problems.push(`${url}: duplicate ids ${duplicateIds.join(", ")}`);
        expect(axe.passes.length, `axe ran its rules on ${url}`).toBeGreaterThan(10);
        for (const violation of axe.violations) {
          if (violation.impact === "serious" || violation.impact === "critical") {
            problems.push(
              `${url}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(" ")).join(", ")}`,
            );
          }
        }
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    },
    TIMEOUT * 3,
  );

  /**
   * The catalog's internal ids a page must not show (they stay in links, JSON and data- attributes): those of schemes,
   * levels, arrangements and their rules, market-access rules and announcements, crosswalks and product categories.
   * Only ids with a hyphen are looked for — "label", "compliant" or "L1" are also ordinary words — and not a level id
   * that is part of its level's official name (JC-STAR's "★1 (STAR-1)": STAR-1 is how IPA and the UK SI name it).
   */
  function catalogIds(): string[] {
    const ids = new Set<string>();
    for (const scheme of catalogBundle.schemes) {
      ids.add(scheme.id);
      for (const level of scheme.levels) if (!level.name.includes(level.id)) ids.add(level.id);
    }
    for (const arrangement of catalogBundle.arrangements) {
      ids.add(arrangement.id);
      for (const rule of arrangement.rules) ids.add(rule.id);
    }
    for (const market of catalogBundle.markets) {
      for (const rule of market.rules) ids.add(rule.id);
      for (const announcement of market.announcements ?? []) ids.add(announcement.id);
    }
    for (const crosswalk of catalogBundle.crosswalks) ids.add(crosswalk.id);
    for (const category of catalogBundle.categories) ids.add(category.id);
    return [...ids].filter((id) => id.includes("-"));
  }

  it(
    "shows no internal id on the main pages, in both languages, and names each label once in the home drop-down",
    async () => {
      const ids = catalogIds();
      expect(ids).toContain("uk-si-2025-1267");
      expect(ids).toContain("jc-star-star-1-to-sg-cls-l1");
      const literal = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      // Whole ids, case as written: "JC-STAR" (a name) is not "jc-star" (an id), "S1.1-02" not "1-02".
      const pattern = new RegExp(`(?<![\\w.:-])(${ids.map(literal).join("|")})(?![\\w-])`, "g");
      const { visits } = await mainPageWalk();
      expect(visits).toHaveLength(mainPages.length * 2);
      const found: string[] = [];
      for (const { path, lang, text, labelOptions } of visits) {
        for (const match of text.matchAll(pattern)) {
          const around = text.slice(Math.max(0, match.index - 40), match.index + 40);
          found.push(`${path} (${lang}): ${match[1]} in "…${around}…"`);
        }
        if (path === "/") {
          const options = labelOptions ?? [];
          expect(options.length).toBeGreaterThan(10);
          // No name said twice in a row ("BSI IT security label IT security label").
          for (const option of options) expect(option, option).not.toMatch(/(\S.{5,}) \1/);
        }
      }
      expect(found).toEqual([]);
    },
    TIMEOUT * 3,
  );

  /** The top and bottom of an element and the page's height, in CSS pixels from the top of the page. */
  async function measure(page: Page, selector: string) {
    return page.evaluate<{ top: number; bottom: number; height: number } | null>(`(() => {
      const element = document.querySelector(${JSON.stringify(selector)});
      if (!element) return null;
      const box = element.getBoundingClientRect();
      return { top: box.top + scrollY, bottom: box.bottom + scrollY, height: document.documentElement.scrollHeight };
    })()`);
  }

  it(
    "answers on the first screen of a phone: the first verdicts within 812 px, the label page under 8,000 px with details closed",
    async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      for (const lang of ["en", "ja"]) {
        for (const query of ["", "category=router&asOf=2026-11-25&"]) {
          const url = `${server.origin}/labels/jc-star/STAR-1?${query}lang=${lang}`;
          await page.goto(url);
          // The first line (a market's when a category is chosen, else a scheme's), and the second line's verdict
          // chip (a long scheme name may wrap the rest of its line below the fold).
          const first = await measure(page, "details.line > summary");
          const second = await measure(page, "details.line + details.line > summary > .chip");
          expect(first, url).not.toBeNull();
          expect(first?.bottom, url).toBeLessThanOrEqual(812);
          expect(second?.bottom, url).toBeLessThanOrEqual(812);
          expect(await page.locator("details.line[open]").count(), url).toBe(0);
          expect(first?.height, url).toBeLessThanOrEqual(8_000);
          // Each line holds its verdict chip; the UK's names its instrument as a reader cites it, and its date.
          const uk = page.locator('details[data-scheme="uk-psti"] > summary');
          expect(await uk.locator(".chip").count(), url).toBe(1);
          expect(await uk.textContent(), url).toMatch(/SI 2025\/1267 · .*2025-12-04/);
          if (query) {
            const market = page.locator('details[data-market="GB"] > summary');
            expect(await market.locator(".chip.a-recognized").count(), url).toBe(1);
          }
        }
      }
      // The compare page leads with its verdict, instrument and date.
      await page.goto(`${server.origin}/compare/jc-star/STAR-1/uk-psti`);
      const verdict = await measure(page, "main .chip.v-recognized");
      expect(verdict?.bottom).toBeLessThanOrEqual(812);
      expect(await page.locator("main p.lead").first().textContent()).toMatch(/SI 2025\/1267 · .*2025-12-04/);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "Japanese pages are Japanese: English prose (runs of 4+ Latin words) in the answer text at most 10 % on the ★1 label page and the ★1 → UK PSTI compare page",
    async () => {
      const context = await browser.newContext({ locale: "ja-JP" });
      const page = await context.newPage();
      // The goal, 10 % each. What English is left on the compare page is the instrument's and the statement's
      // official titles beside their glosses; a source's official title is its link's title (docs/i18n.md, "Titles").
      for (const [path, most] of [
        ["/labels/jc-star/STAR-1?category=router&lang=ja", 0.1],
        ["/compare/jc-star/STAR-1/uk-psti?lang=ja", 0.1],
      ] as const) {
        await page.goto(`${server.origin}${path}`);
        const prose = englishProseOfPage(await page.content());
        expect(prose.total, path).toBeGreaterThan(1000);
        expect(prose.share, `${path}: ${prose.english} of ${prose.total} characters`).toBeLessThanOrEqual(most);
      }
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "fits the matrix: on a phone a one-line caption and a table scrolling in its frame with the level column kept; on a desktop the table within its column",
    async () => {
      const phone = await browser.newContext({ viewport: { width: 375, height: 812 } });
      const page = await phone.newPage();
      for (const lang of ["en", "ja"]) {
        const url = `${server.origin}/matrix?lang=${lang}`;
        await page.goto(url);
        const caption = await page.evaluate<{ height: number; lineHeight: number }>(`(() => {
          const caption = document.querySelector("table.matrix caption");
          return { height: caption.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(caption).lineHeight) };
        })()`);
        expect(caption.height, url).toBeLessThan(caption.lineHeight * 1.5);
        const scrolled = await page.evaluate<{
          before: number;
          after: number;
          frame: number;
          scrollLeft: number;
          page: number;
          viewport: number;
        }>(`(() => {
          const frame = document.querySelector(".scroll");
          const level = document.querySelector("table.matrix tbody th");
          const before = level.getBoundingClientRect().left;
          frame.scrollLeft = 120;
          return {
            before,
            after: level.getBoundingClientRect().left,
            frame: frame.getBoundingClientRect().left,
            scrollLeft: frame.scrollLeft,
            page: document.documentElement.scrollWidth,
            viewport: document.documentElement.clientWidth,
          };
        })()`);
        // Wider than a phone (in either language: Japanese names are shorter): its frame scrolls, not the page.
        expect(scrolled.scrollLeft, url).toBe(120);
        expect(scrolled.page, url).toBeLessThanOrEqual(scrolled.viewport);
        expect(scrolled.before, url).toBeCloseTo(scrolled.frame, 0);
        expect(scrolled.after, url).toBeCloseTo(scrolled.frame, 0); // the level column stays in view
      }
      await phone.close();
      const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const wide = await desktop.newPage();
      for (const from of ["jc-star", "sg-cls", "uk-psti", "eu-cra"]) {
        for (const lang of ["en", "ja"]) {
          const url = `${server.origin}/matrix?from=${from}&lang=${lang}`;
          await wide.goto(url);
          const box = await wide.evaluate<{ table: number; frame: number; main: number }>(`(() => {
            const main = document.querySelector("main");
            return {
              table: document.querySelector("table.matrix").getBoundingClientRect().right,
              frame: document.querySelector(".scroll").getBoundingClientRect().right,
              main: main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight),
            };
          })()`);
          expect(box.table, url).toBeLessThanOrEqual(box.frame + 0.5);
          expect(box.frame, url).toBeLessThanOrEqual(box.main + 0.5);
        }
      }
      await desktop.close();
    },
    TIMEOUT,
  );
});
