import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";

/**
 * `npm run bench:http-budget`: how much per-request work the HTTP goals leave an app built on the fixed choices. The
 * minimal Hono app (bench/hono-floor.mjs) answers the app's own bytes with WORK_US µs of synchronous work added to
 * every request; each row is its throughput ÷ the bare node:http exchange of the same bytes (bench/bare-exchange.mjs,
 * the goals' anchor, measured just before). The first row whose ratio falls under a goal is that goal's budget
 * on this machine: the work an app may do a request beyond a bare Hono handler. WORK_LEVELS overrides the levels.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 6);
const LEVELS = (process.env.WORK_LEVELS ?? "0,5,10,20,40,80").split(",").map(Number);
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const post = { method: "POST" as const, body, headers: { "content-type": "application/json" } };

async function rps(url: string, options: Partial<autocannon.Options> = {}): Promise<number> {
  await autocannon({ url, connections: 50, duration: 1, ...options }); // JIT warm-up
  const result = await autocannon({ url, connections: 50, duration: DURATION_S, ...options });
  if (result.errors + result.non2xx > 0) throw new Error(`${url}: ${result.errors + result.non2xx} failed`);
  return result.requests.average;
}

const dir = mkdtempSync(join(tmpdir(), "kakehashi-budget-"));
process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
const files = { BARE_GET_FILE: join(dir, "get"), BARE_POST_FILE: join(dir, "post") };
const app = await startServer();
try {
  writeFileSync(files.BARE_GET_FILE, Buffer.from(await (await fetch(`${app.base}/healthz`)).arrayBuffer()));
  writeFileSync(
    files.BARE_POST_FILE,
    Buffer.from(await (await fetch(`${app.base}/v1/translations`, post)).arrayBuffer()),
  );
} finally {
  await app.stop();
}

async function measure(script: string, env: Record<string, string> = {}): Promise<{ get: number; post: number }> {
  const server = await startServer({ script, env: { ...files, ...env } });
  try {
    return { get: await rps(`${server.base}/healthz`), post: await rps(`${server.base}/v1/translations`, post) };
  } finally {
    await server.stop();
  }
}

// Each level is paired with a bare round just before it: on a shared machine the load drifts within minutes, and a
// ratio is only worth what its two halves have in common.
const rows: { work: number; get: number; post: number; bare: { get: number; post: number } }[] = [];
for (const work of LEVELS) {
  const bare = await measure("bench/bare-exchange.mjs");
  rows.push({ work, bare, ...(await measure("bench/hono-floor.mjs", { WORK_US: String(work) })) });
}
const cell = (ours: number, bare: number) =>
  `${(ours / bare).toFixed(2)}× (${ours.toFixed(0)} / ${bare.toFixed(0)} req/s)`;
console.log(
  [
    "| work a request beyond a bare Hono handler | GET /healthz ÷ bare (goal ≥ 0.6×) | POST /v1/translations ÷ bare (goal ≥ 0.45×) |",
    "| ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.work} µs | ${cell(r.get, r.bare.get)} | ${cell(r.post, r.bare.post)} |`),
  ].join("\n"),
);
