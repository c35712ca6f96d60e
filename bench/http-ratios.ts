import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";
import { serverCpuPerRequest } from "./server-cpu.ts";

/**
 * `npm run bench:http`: the app's two HTTP goals against a bare node:http server exchanging the same bytes
 * (bench/bare-exchange.mjs), in one run: `/healthz` ÷ bare GET (goal ≥ 0.6×) and `POST /v1/translations` (JC-STAR →
 * PSTI, the scheme's sample record) ÷ bare POST answering the translation's bytes (goal ≥ 0.45×). Beside them, the
 * floor of the fixed choices: a minimal Hono app on @hono/node-server exchanging the same bytes (bench/hono-floor.mjs).
 * The app and the floor are measured between two rounds of the anchor and compared with their mean, so a change in
 * the machine's load falls on all three.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const post = { method: "POST" as const, body, headers: { "content-type": "application/json" } };

async function rps(url: string, options: Partial<autocannon.Options> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 50, duration: DURATION_S, ...options });
  if (result.errors + result.non2xx > 0) throw new Error(`${url}: ${result.errors + result.non2xx} failed`);
  return result.requests.average;
}

const app = await startServer();
const dir = mkdtempSync(join(tmpdir(), "kakehashi-bare-"));
// The two answer files are the bare server's only input: removed however the run ends.
process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
const files = { BARE_GET_FILE: join(dir, "get"), BARE_POST_FILE: join(dir, "post") };
try {
  writeFileSync(files.BARE_GET_FILE, Buffer.from(await (await fetch(`${app.base}/healthz`)).arrayBuffer()));
  const answer = await fetch(`${app.base}/v1/translations`, post);
  writeFileSync(files.BARE_POST_FILE, Buffer.from(await answer.arrayBuffer()));
} finally {
  await app.stop();
}

interface Measured {
  get: number;
  post: number;
  cpu: { get?: number; post?: number };
}

/** Throughput at 50 connections, and the server process's own CPU time a request (bench/server-cpu.ts). */
async function measure(base: string, pid: number | undefined): Promise<Measured> {
  return {
    get: await rps(`${base}/healthz`),
    post: await rps(`${base}/v1/translations`, post),
    cpu: {
      get: await serverCpuPerRequest(pid, `${base}/healthz`),
      post: await serverCpuPerRequest(pid, `${base}/v1/translations`, { body, type: "application/json" }),
    },
  };
}

/** One of the two comparison servers, given the answer files, measured as the app is. */
async function served(script: "bench/bare-exchange.mjs" | "bench/hono-floor.mjs"): Promise<Measured> {
  const server = await startServer({ script, env: files });
  try {
    return await measure(server.base, server.pid);
  } finally {
    await server.stop();
  }
}

const before = await served("bench/bare-exchange.mjs");
const floor = await served("bench/hono-floor.mjs");
const server = await startServer();
let measured: Measured;
try {
  for (let i = 0; i < 300; i++) await (await fetch(`${server.base}/v1/translations`, post)).arrayBuffer();
  measured = await measure(server.base, server.pid);
} finally {
  await server.stop();
}
const after = await served("bench/bare-exchange.mjs");
const anchor = { get: (before.get + after.get) / 2, post: (before.post + after.post) / 2 };
const cpu = (which: "get" | "post", of = measured) => {
  const ours = of.cpu[which];
  const theirs = [before.cpu[which], after.cpu[which]];
  if (ours === undefined || theirs.some((t) => t === undefined)) return "n/a";
  const bareCpu = ((theirs[0] as number) + (theirs[1] as number)) / 2;
  return `${bareCpu.toFixed(0)} µs / ${ours.toFixed(0)} µs = **${(bareCpu / ours).toFixed(2)}×**`;
};
const row = (name: string, which: "get" | "post", goal: string) =>
  `| ${name} | ${anchor[which].toFixed(0)} req/s | ${measured[which].toFixed(0)} req/s | ` +
  `**${(measured[which] / anchor[which]).toFixed(2)}×** | ${goal} | ${cpu(which)} | ` +
  `${(floor[which] / anchor[which]).toFixed(2)}×, ${cpu(which, floor)} |`;
console.log(
  [
    "| | bare node:http (same bytes) | app | ratio | goal | server CPU a request, bare / app | minimal Hono app: ratio, CPU |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    row("GET /healthz", "get", "≥ 0.6×"),
    row("POST /v1/translations", "post", "≥ 0.45×"),
    `(anchor rounds: GET ${before.get.toFixed(0)} / ${after.get.toFixed(0)}, POST ${before.post.toFixed(0)} / ${after.post.toFixed(0)} req/s)`,
  ].join("\n"),
);
