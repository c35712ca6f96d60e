import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromiumInstalled, launchChromium, startWebServer } from "../helpers/browser.ts";
import { mainPages } from "../helpers/main-pages.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * `npm run screenshots [-- PATH…]`: PNGs of the main pages (or the paths given) in English and Japanese, on a desktop
 * (1366 × 900) and a phone (375 × 812), written to screenshots/ (git-ignored) for reviewers. A page whose answer is a
 * list of one-line verdicts opening onto details (the label page) is taken twice: as it opens, and with every detail
 * open (`….open.png`).
 * With the main pages it also takes the officer's /verify page showing the report on a credential just issued
 * (verify-result.*.png; docs/credentials.md shows one).
 */
if (!chromiumInstalled()) {
  console.error("chromium is not installed (apt-get install chromium)");
  process.exit(1);
}
const out = join(process.cwd(), "screenshots");
mkdirSync(out, { recursive: true });
const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : mainPages;
const server = await startWebServer();
const browser = await launchChromium();
try {
  for (const [device, width, height] of [
    ["desktop", 1366, 900],
    ["phone", 375, 812],
  ] as const) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    for (const path of paths) {
      for (const lang of ["en", "ja"]) {
        await page.goto(`${server.origin}${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
        const name = `${path.replace(/^\//, "").replace(/[^A-Za-z0-9.-]+/g, "_") || "home"}.${lang}.${device}.png`;
        await page.screenshot({ path: join(out, name), fullPage: true });
        console.log(join("screenshots", name));
        if ((await page.locator("details.line").count()) > 0) {
          await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
          const open = name.replace(/\.png$/, ".open.png");
          await page.screenshot({ path: join(out, open), fullPage: true });
          console.log(join("screenshots", open));
        }
      }
    }
    if (process.argv.slice(2).length === 0) {
      // The officer's view: a JC-STAR ★1 → UK PSTI credential opened by a link (as a scan would), then checked.
      const issued = await fetch(`${server.origin}/v1/translations`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/vc+jwt" },
        body: JSON.stringify({ from: "jc-star", to: "uk-psti", record: recordFixture("jc-star") }),
      });
      const token = await issued.text();
      for (const lang of ["en", "ja"]) {
        await page.goto(`${server.origin}/verify?lang=${lang}#credential=${token}`);
        await page.waitForSelector('[data-testid="verify-result"]');
        const name = `verify-result.${lang}.${device}.png`;
        await page.screenshot({ path: join(out, name), fullPage: true });
        console.log(join("screenshots", name));
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
