import { hash } from "node:crypto";
import { Session } from "node:inspector/promises";
import pino from "pino";
import catalog from "../generated/catalog.js";
import { createApp } from "../src/app.ts";
import { AnswerCache } from "../src/cache/answer-cache.ts";
import { CatalogIndex } from "../src/catalog/catalog-index.ts";
import { startupCredentials } from "../src/credentials/config.ts";
import { nodeSigner } from "../src/credentials/node-signer.ts";

/**
 * `npx tsx bench/signed-call-counts.ts`: which functions a signed POST /v1/translations (Accept: application/vc+jwt)
 * calls more or less often than the JSON one, per request — counted exactly (V8's precise coverage with call
 * counts), not sampled. A CPU profile on a shared machine moves a frame's share by ±20 % between windows; counts do
 * not move, so they say whether the signed path does more of some work (a second validation, another negotiation)
 * or only appears to. The app is called in process (`app.request`), as node-server would call it, with the Node
 * entry's signer and hash. FILTER=<regexp> narrows the rows (e.g. FILTER=zod).
 */
const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false }));
const app = createApp({
  catalog: new CatalogIndex(catalog),
  answers: AnswerCache.inMemory(logger),
  logger,
  clock: { today: () => new Date().toISOString().slice(0, 10), now: Date.now },
  sha256: (text) => hash("sha256", text, "hex"),
  credentials: await startupCredentials({ signer: nodeSigner }, logger),
  runtime: "node",
});
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const send = async (signed: boolean) => {
  const response = await app.request("http://127.0.0.1:8787/v1/translations", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...(signed ? { accept: "application/vc+jwt" } : {}) },
  });
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  await response.text();
};
// Warm: the JIT, the engine's memo, the issued store's ring (its growth is a one-time cost, not a per-request one).
for (let i = 0; i < 300; i++) {
  await send(false);
  await send(true);
}
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
const N = 200;
const perRequest = async (signed: boolean) => {
  await session.post("Profiler.takePreciseCoverage"); // taking the counts resets them
  for (let i = 0; i < N; i++) await send(signed);
  const { result } = await session.post("Profiler.takePreciseCoverage");
  const counts = new Map<string, number>();
  for (const script of result) {
    const where = script.url.replace(/^.*\/(node_modules|src|generated)\//, "$1/");
    for (const fn of script.functions) {
      const calls = fn.ranges[0]?.count ?? 0;
      if (calls === 0) continue;
      const name = `${fn.functionName || "(anonymous)"} ${where}:${fn.ranges[0]?.startOffset}`;
      counts.set(name, (counts.get(name) ?? 0) + calls / N);
    }
  }
  return counts;
};
const json = await perRequest(false);
const signed = await perRequest(true);
const filter = process.env.FILTER ? new RegExp(process.env.FILTER) : undefined;
const rows = [...new Set([...json.keys(), ...signed.keys()])]
  .map((name) => ({ name, json: json.get(name) ?? 0, signed: signed.get(name) ?? 0 }))
  .filter((r) => Math.abs(r.signed - r.json) > 0.01 && (!filter || filter.test(r.name)))
  .sort((a, b) => b.signed - b.json - (a.signed - a.json));
console.log(`calls a request (${N} of each), where JSON and signed differ${filter ? ` (${filter})` : ""}\n`);
console.log("| function | JSON | signed |\n|---|---|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.json.toFixed(2)} | ${r.signed.toFixed(2)} |`);
const validation = /node_modules\/(zod|hono\/dist\/validator|@hono\/zod-openapi)\//;
const differing = rows.filter((r) => validation.test(r.name)).length;
console.log(`\nzod / hono validator functions called a different number of times: ${differing}`);
session.disconnect();
process.exit(0);
