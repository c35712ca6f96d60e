/**
 * `npm run lighthouse`: the built service started as in production (src/node.ts, in-memory stores, one worker, a free
 * port), then Lighthouse (Chromium headless, Debian's /usr/bin/chromium unless CHROMIUM_PATH says otherwise, launched
 * through playwright-core as the browser tests do, with a DevTools port for Lighthouse) on the home,
 * label, compare and matrix pages in English and Japanese; prints the four category scores per page and exits 1 when
 * one is below 98 (the goal). Slow (a Chromium run per page): not part of `npm run verify`; docs/web-view.md
 * has the measured table. Lighthouse's default (mobile, simulated throttling) settings, so scores compare to the
 * issue's.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { projectRoot } from "./write-module.ts";

const GOAL = 98;
const categories = ["performance", "accessibility", "best-practices", "seo"] as const;
const pages = ["/", "/labels/jc-star/STAR-1?category=router", "/compare/jc-star/STAR-1/uk-psti", "/matrix"];
const chromePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A port nobody is listening on (asked of the OS, then released for the server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The service as `npm start` runs it (after `npm run build`), answering on `port`. */
async function startService(port: number): Promise<() => void> {
  const tsx = join(projectRoot, "node_modules/.bin/tsx");
  const child = spawn(tsx, [join(projectRoot, "src/node.ts")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", WORKERS: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/`)).ok) return () => child.kill("SIGTERM");
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGTERM");
  throw new Error("the service did not answer within 20 s");
}

async function main(): Promise<number> {
  if (!existsSync(chromePath)) {
    console.error(`no Chromium at ${chromePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
    return 2;
  }
  const port = await freePort();
  const stop = await startService(port);
  const debugPort = await freePort();
  const browser = await chromium.launch({
    executablePath: chromePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", `--remote-debugging-port=${debugPort}`],
  });
  const rows: string[][] = [];
  let below = 0;
  try {
    for (const page of pages) {
      for (const lang of ["en", "ja"]) {
        const url = `http://127.0.0.1:${port}${page}${page.includes("?") ? "&" : "?"}lang=${lang}`;
        const result = await lighthouse(url, { port: debugPort, logLevel: "error", onlyCategories: [...categories] });
        const scores = categories.map((c) => Math.round((result?.lhr.categories[c]?.score ?? 0) * 100));
        below += scores.filter((s) => s < GOAL).length;
        rows.push([`${page} (${lang})`, ...scores.map(String)]);
        // What keeps a category below the goal, so the table is actionable.
        for (const c of categories) {
          const category = result?.lhr.categories[c];
          if (!category || (category.score ?? 0) * 100 >= GOAL) continue;
          for (const ref of category.auditRefs) {
            const audit = result?.lhr.audits[ref.id];
            if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
              console.error(`  ${page} (${lang}) ${c}: ${audit.id} (${audit.displayValue ?? audit.score})`);
            }
          }
        }
      }
    }
  } finally {
    await browser.close();
    stop();
  }
  const header = ["page", "performance", "accessibility", "best practices", "SEO"];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  return below > 0 ? 1 : 0;
}

process.exitCode = await main();
