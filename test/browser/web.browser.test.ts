import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumInstalled, launchChromium, startWebServer } from "../helpers/browser.ts";
import { mainPages } from "../helpers/main-pages.ts";

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

        const uk = page.locator('section[data-scheme="uk-psti"]');
        await expect(uk.locator(".chip.v-recognized").first().textContent()).resolves.toBe("Recognised");
        expect(await uk.locator('[data-testid="instrument"]').first().textContent()).toContain("SI 2025/1267");
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

  it(
    "every main page, in both languages: no console error, no serious or critical axe violation, no sideways scroll at 375 px",
    async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const { page, errors } = await openPage(context);
      const problems: string[] = [];
      for (const path of mainPages) {
        for (const lang of ["en", "ja"]) {
          const url = `${server.origin}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
          const response = await page.goto(url);
          expect(response?.status(), url).toBe(200);
          // A string, evaluated in the page: this project's TypeScript has no DOM types.
          const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
            "({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })",
          );
          if (scrollWidth > clientWidth) problems.push(`${url}: scrolls sideways (${scrollWidth} > ${clientWidth})`);
          const axe = await new AxeBuilder({ page }).analyze();
          expect(axe.passes.length, `axe ran its rules on ${url}`).toBeGreaterThan(10);
          for (const violation of axe.violations) {
            if (violation.impact === "serious" || violation.impact === "critical") {
              problems.push(
                `${url}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(" ")).join(", ")}`,
              );
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
    TIMEOUT * 3,
  );
});
