import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * The Worker script as wrangler would upload it (`wrangler deploy --dry-run`, offline), gzipped: the figure the
 * Workers size limit and every isolate's start-up depend on (issue 23 goal: ≤ 300 KB). The catalog is not in it
 * (a static asset, src/edge/catalog-asset.ts); the catalog asset's own gzipped size is reported beside it.
 */
export function workerScriptSize(root: string): { scriptGz: number; scriptRaw: number } {
  const out = mkdtempSync(join(tmpdir(), "kakehashi-worker-"));
  try {
    execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", out], {
      cwd: root,
      stdio: "ignore",
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    });
    const script = readFileSync(join(out, "worker.js"));
    return { scriptGz: gzipSync(script, { level: 9 }).length, scriptRaw: script.length };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
