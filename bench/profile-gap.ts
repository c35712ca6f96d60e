import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { answerFiles, translationPost } from "./http-exchange.ts";
import { startServer } from "./server.ts";

/**
 * `npx tsx bench/profile-gap.ts [get|post]` (after `npm run build`): what the gap between the app and the bare
 * `node:http` exchange of the same bytes (bench/bare-exchange.mjs, the HTTP goals' anchor) consists of. Both servers
 * run under `node --cpu-prof` (100 µs sampling), one after the other, each loaded with autocannon (20 connections,
 * 5,000 requests of warm-up, then REQUESTS: 40,000 GET /healthz or 15,000 POST /v1/translations); each main-thread
 * sample in the loaded window is charged to the innermost frame's category (below) and the table gives µs a request.
 * A sample's time is capped at 1.5 intervals: on a shared machine a long gap between samples is the thread waiting
 * for a core, not work, so the figures read as the main thread's CPU (the thread pool's is not in them). Socket writes
 * include the kernel's loopback work, which wakes the load generator. Compare categories within one run.
 */
const route = process.argv[2] === "post" ? "post" : "get";
const REQUESTS = Number(process.env.REQUESTS ?? (route === "get" ? 40_000 : 15_000));
const dir = mkdtempSync(join(tmpdir(), "kakehashi-gap-"));
process.once("exit", () => rmSync(dir, { recursive: true, force: true }));

/** Categories, innermost match wins: the first whose test accepts a frame, walking from the sampled frame outwards. */
const categories: [string, (f: { functionName: string; url: string }) => boolean][] = [
  [
    "log line (pino, sonic-boom, its file writes)",
    (f) => /\/(pino|sonic-boom)\//.test(f.url) || f.functionName === "writeString",
  ],
  [
    "socket writes (kernel, loopback)",
    (f) =>
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(f.functionName) ||
      /stream_base_commons/.test(f.url),
  ],
  ["JSON text of the answer (c.json)", (f) => f.url.endsWith("hono/dist/context.js") && f.functionName === "json"],
  ["zod (request and record validation)", (f) => /node_modules\/zod\//.test(f.url)],
  [
    "translation domain (src/domain, services, generated code)",
    (f) => /src\/(domain|services|record-formats|catalog|i18n|credentials)\/|generated\//.test(f.url),
  ],
  ["app middleware, routes, Node entry wrappers (src/)", (f) => /\/src\//.test(f.url)],
  ["Hono (routing, compose, context)", (f) => /node_modules\/hono\//.test(f.url)],
  ["@hono/node-server (adapter)", (f) => /node_modules\/@hono\/node-server\//.test(f.url)],
  ["web Headers / Request / Response (undici)", (f) => /deps\/undici/.test(f.url)],
  ["node:http, net, streams, events", (f) => f.url.startsWith("node:")],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["V8 (program, microtask queue, builtins)", (f) => /^\((program)\)$|^runMicrotasks$|^$/.test(f.functionName)],
];

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

async function profiled(script?: string, env: Record<string, string> = {}): Promise<Map<string, number>> {
  const out = mkdtempSync(join(dir, "prof-"));
  // The bare server has no SIGTERM handler of its own, and --cpu-prof writes only on a normal exit.
  const exitOnTerm = "data:text/javascript,process.once('SIGTERM',()=>process.exit(0))";
  const server = await startServer({
    nodeOptions: ["--cpu-prof", `--cpu-prof-dir=${out}`, "--cpu-prof-interval", "100", "--import", exitOnTerm],
    env,
    ...(script ? { script } : {}),
  });
  const load = (amount: number) =>
    autocannon({
      url: `${server.base}${route === "get" ? "/healthz" : "/v1/translations"}`,
      connections: 20,
      amount,
      ...(route === "post" ? translationPost : {}),
    });
  await load(5000);
  const start = Number(process.hrtime.bigint() / 1000n);
  await load(REQUESTS);
  const end = Number(process.hrtime.bigint() / 1000n);
  await server.stop();
  const file = readdirSync(out).find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
  if (!file) throw new Error(`no profile written to ${out}`);
  const profile = JSON.parse(readFileSync(join(out, file), "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const categoryOf = (id: number): string => {
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const frame = byId.get(cursor)?.callFrame;
      const match = frame && categories.find(([, test]) => test(frame));
      if (match) return match[0];
    }
    return "other";
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < start || at > end || byId.get(id)?.callFrame.functionName === "(idle)") return;
    const category = categoryOf(id);
    totals.set(category, (totals.get(category) ?? 0) + Math.min(delta, 150) / REQUESTS);
  });
  return totals;
}

// The bare server answers the app's own bytes for this route.
const files = await answerFiles();
const bare = await profiled("bench/bare-exchange.mjs", files);
const app = await profiled();
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
console.log(
  `| ${route === "get" ? "GET /healthz" : "POST /v1/translations"}, main-thread µs a request | bare | app | app − bare |`,
);
console.log("| --- | ---: | ---: | ---: |");
const names = [...categories.map(([name]) => name), "other"];
for (const name of names.sort(
  (x, y) => (app.get(y) ?? 0) - (bare.get(y) ?? 0) - ((app.get(x) ?? 0) - (bare.get(x) ?? 0)),
)) {
  const b = bare.get(name) ?? 0;
  const a = app.get(name) ?? 0;
  if (a + b >= 0.05) console.log(`| ${name} | ${b.toFixed(1)} | ${a.toFixed(1)} | ${(a - b).toFixed(1)} |`);
}
console.log(
  `| **all** | **${sum(bare).toFixed(1)}** | **${sum(app).toFixed(1)}** | **${(sum(app) - sum(bare)).toFixed(1)}** |`,
);
