import { execFileSync } from "node:child_process";
import axe, { type AxeResults } from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import docsAssets from "../../generated/docs-assets.js";
import { serveApp } from "./serve-app.ts";
import { createTestApp } from "./test-app.ts";

/** Debian's Chromium: the machines cannot download a browser, so Playwright drives the system one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether Chromium is installed. Where it is missing the browser tests are skipped on a developer's machine — but
 * never in CI (CI=true), where a missing browser is an error: .ci/run installs it.
 */
export function chromiumInstalled(): boolean {
  try {
    execFileSync(CHROMIUM, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI)
      throw new Error(`${CHROMIUM} is not installed; .ci/run must install it (apt-get install chromium)`);
    return false;
  }
}

/** Headless, sandbox off (root in CI), and no background traffic: the machines have no network but the registries. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

/** The app with its static assets, as `npm start` serves it, on a free loopback port; stop() closes it. */
export function startWebServer(): Promise<{ origin: string; stop(): Promise<void> }> {
  return serveApp(createTestApp({ docsAssets }).app);
}

/**
 * axe-core's checks on `page` as it stands, run as axe's own `axe.run` runs them: axe's script evaluated once in each
 * of the page's frames, then `axe.run` in the page. AxeBuilder (@axe-core/playwright) did the same in its legacy mode
 * but evaluated the ~1.3 MB script twice in the page (once before it chose the mode, once per frame after), with a
 * round trip per step; its default mode gathers each frame's partial results and finishes them in a new blank page
 * with axe injected again, 2–3× slower (a fixed ~1–3 s a page on this machine). Cross-origin iframes are out of axe's
 * reach from the page: a page that has one fails here.
 *
 * Every rule axe runs by default runs, and `violations` lists every node of every failed rule; `passes`, `incomplete`
 * and `inapplicable` name each rule with only its first node (axe's `resultTypes`: the tests read the violations and
 * count the rules passed). Describing every passing node — its HTML, its selector — and carrying them out of the page
 * was ~20 % of a call's CPU in Chromium and half of the test process's.
 */
export async function axeResults(page: Page): Promise<AxeResults> {
  const origin = new URL(page.url()).origin;
  const foreign = page
    .frames()
    .filter((frame) => !["about:blank", ""].includes(frame.url()) && new URL(frame.url()).origin !== origin);
  if (foreign.length > 0)
    throw new Error(`${page.url()} holds cross-origin frames: ${foreign.map((f) => f.url()).join(", ")}`);
  for (const frame of page.frames()) await frame.evaluate(axe.source);
  // A string, evaluated in the page: this project's TypeScript has no DOM types.
  return page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify({ resultTypes: ["violations"] })})`);
}
