import { execFileSync } from "node:child_process";
import { type Browser, chromium } from "playwright-core";
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
