/**
 * Label-page rendering cost (issue 22). Renders label pages through the test app, as test/web/label-page-weight does.
 *
 *   npx tsx bench/label-pages.ts digests > file   every label page × en/ja × today/2028-01-01: "sha256  url" a line,
 *                                                  to prove a change leaves every byte of every page as it was;
 *   npx tsx bench/label-pages.ts cpu [pages]       CPU (user+sys) a page over `pages` urls spread over all of them
 *                                                  (default 240), after a warm-up app renders one page: the
 *                                                  process's (with GC and compiler threads) and the main thread's
 *                                                  (Linux /proc, 10 ms ticks), which the render alone moves.
 *
 * Each run builds a fresh app (fresh CatalogIndex), so per-catalog memos start cold, as in the test.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import docsAssets from "../generated/docs-assets.js";
import { allLabelPages } from "../test/helpers/label-pages.ts";
import { createTestApp } from "../test/helpers/test-app.ts";

const VARIANTS = [
  ["en", ""],
  ["ja", ""],
  ["en", "&asOf=2028-01-01"],
  ["ja", "&asOf=2028-01-01"],
] as const;

function urls(): string[] {
  return allLabelPages().flatMap((path) =>
    VARIANTS.map(([lang, asOf]) => `${path}${path.includes("?") ? "&" : "?"}lang=${lang}${asOf}`),
  );
}

async function render(app: ReturnType<typeof createTestApp>["app"], url: string): Promise<string> {
  const response = await app.request(url, { headers: { Accept: "text/html" } });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return response.text();
}

/** The main thread's CPU time in ms (utime + stime, fields 14 and 15 of /proc/<pid>/task/<pid>/stat, in 10 ms ticks). */
function mainThreadMs(): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const [mode = "cpu", count = "240"] = process.argv.slice(2);
if (mode === "digests") {
  const { app } = createTestApp({ docsAssets });
  for (const url of urls()) {
    process.stdout.write(
      `${createHash("sha256")
        .update(await render(app, url))
        .digest("hex")}  ${url}\n`,
    );
  }
} else {
  const all = urls();
  // Spread the sample over schemes, levels, categories and both languages rather than taking the first scheme.
  const step = Math.max(1, Math.floor(all.length / Number(count)));
  const sample = all.filter((_, i) => i % step === 0).slice(0, Number(count));
  await render(createTestApp({ docsAssets }).app, sample[0] ?? "/"); // module loading and JIT warm-up off the clock
  const { app } = createTestApp({ docsAssets });
  const start = process.cpuUsage();
  const mainStart = mainThreadMs();
  for (const url of sample) await render(app, url);
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  const main = mainThreadMs() - mainStart;
  const each = (total: number) => (total / sample.length).toFixed(2);
  console.log(`${sample.length} label pages, ms CPU a page: process ${each(ms)}, main thread ${each(main)}`);
}
