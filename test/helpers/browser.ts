import { execFileSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { type Browser, chromium } from "playwright-core";
import docsAssets from "../../generated/docs-assets.js";
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
export function launchChromium(): Promise<Browser> {
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
    ],
  });
}

/** The app on @hono/node-server, as `npm start` serves it, on a free loopback port; stop() closes it. */
export async function startWebServer(): Promise<{ origin: string; stop(): Promise<void> }> {
  const { app } = createTestApp({ docsAssets });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
