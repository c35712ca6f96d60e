import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";

/**
 * `tsx bench/profile-signed-diff.ts`: where a signed POST /v1/translations (Accept: application/vc+jwt) spends more
 * than the JSON one. One server under `node --cpu-prof`, loaded with the two in alternating windows (so the load of
 * other processes falls on both alike), and the self time per request of every frame in each, side by side, sorted
 * by the difference. PROFILE_TOP rows (default 30).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const dir = mkdtempSync(join(tmpdir(), "kakehashi-prof-"));
const server = await startServer({ nodeOptions: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const headersOf = (signed: boolean) => ({
  "content-type": "application/json",
  ...(signed ? { accept: "application/vc+jwt" } : {}),
});
// Warmed untimed: the JIT, and enough signed requests for the issued store's ring to fill and wrap once (its first
// fill touches fresh pages, a one-time cost the windows below would otherwise mostly show), as bench:credentials does.
for (const [signed, amount] of [
  [false, 2000],
  [true, Number(process.env.BENCH_SIGNED_WARMUP ?? 8000)],
] as const) {
  await autocannon({
    url: `${server.base}/v1/translations`,
    method: "POST",
    body,
    headers: headersOf(signed),
    connections: 20,
    amount,
  });
}
const now = () => Number(process.hrtime.bigint() / 1000n);
const windows: { signed: boolean; start: number; end: number; requests: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const signed of [false, true]) {
    const start = now();
    const result = await autocannon({
      url: `${server.base}/v1/translations`,
      method: "POST",
      body,
      headers: headersOf(signed),
      connections: 20,
      duration: SECONDS,
    });
    windows.push({ signed, start, end: now(), requests: result.requests.total });
  }
}
await server.stop();
const file = readdirSync(dir).find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
if (!file) throw new Error(`no profile written to ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const self = { true: new Map<string, number>(), false: new Map<string, number>() };
const requests = { true: 0, false: 0 };
for (const w of windows) requests[`${w.signed}`] += w.requests;
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  const w = windows.find((x) => at >= x.start && at <= x.end);
  const frame = byId.get(id);
  if (!w || !frame || frame.functionName === "(idle)") return;
  const name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|src|generated)\//, "$1/")}`;
  const map = self[`${w.signed}`];
  map.set(name, (map.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const per = (signed: boolean, name: string) => (self[`${signed}`].get(name) ?? 0) / Math.max(requests[`${signed}`], 1);
const total = (signed: boolean) => [...self[`${signed}`].values()].reduce((a, b) => a + b, 0) / requests[`${signed}`];
const names = new Set([...self.true.keys(), ...self.false.keys()]);
console.log(`\nprofile ${join(dir, file)}; requests: JSON ${requests.false}, signed ${requests.true}`);
console.log(`busy µs a request: JSON ${total(false).toFixed(0)}, signed ${total(true).toFixed(0)}\n`);
console.log("| frame (self time) | JSON µs | signed µs | difference |\n|---|---|---|---|");
for (const name of [...names]
  .sort((a, b) => per(true, b) - per(false, b) - (per(true, a) - per(false, a)))
  .slice(0, TOP)) {
  console.log(
    `| ${name} | ${per(false, name).toFixed(1)} | ${per(true, name).toFixed(1)} | ${(per(true, name) - per(false, name)).toFixed(1)} |`,
  );
}
