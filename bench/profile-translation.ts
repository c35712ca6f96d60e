import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";

/**
 * `npm run profile:translation`: where a POST /v1/translations spends its time. Starts the real Node server under
 * `node --cpu-prof`, loads it with autocannon (JC-STAR → PSTI, the scheme's sample record), stops it so that the profile
 * is written, and sums self time by phase — each sample is charged to the innermost frame that names a phase, read
 * from the script URL and function name (see `phases`), else to "other". Prints a Markdown table.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const query = process.env.PROFILE_QUERY ?? "";
// PROFILE_ACCEPT=application/vc+jwt profiles the signed (credential) answer instead of the JSON one.
const accept = process.env.PROFILE_ACCEPT;
const headers = { "content-type": "application/json", ...(accept ? { accept } : {}) };
const dir = mkdtempSync(join(tmpdir(), "kakehashi-prof-"));

const server = await startServer({ nodeOptions: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const post = () =>
  fetch(`${server.base}/v1/translations${query}`, {
    method: "POST",
    body,
    headers,
  });
// Warm up (module loading, JIT), then profile only the load window: V8's profile clock and process.hrtime are both
// the monotonic clock, so samples outside [start, end] (start-up, shutdown) are left out.
for (let i = 0; i < 300; i++) await (await post()).arrayBuffer();
const start = Number(process.hrtime.bigint() / 1000n);
const result = await autocannon({
  url: `${server.base}/v1/translations${query}`,
  method: "POST",
  body,
  headers,
  connections: 50,
  duration: SECONDS,
});
const end = Number(process.hrtime.bigint() / 1000n);
await server.stop();
// The main thread's profile (a module-loader thread writes its own, smaller one).
const file = readdirSync(dir)
  .filter((f) => f.endsWith(".cpuprofile"))
  .sort()
  .find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
if (!file) throw new Error(`no profile written to ${dir}`);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Phases, innermost match wins: the first whose test accepts a frame, walking from the sampled frame outwards. */
const phases: [string, (frame: Node["callFrame"]) => boolean][] = [
  ["signing (Ed25519, node:crypto)", (f) => f.functionName === "sign" && /crypto\/sig/.test(f.url)],
  ["hashing", (f) => /node:crypto|internal\/crypto|sha256|createHash/.test(f.url + f.functionName)],
  [
    "serialisation (JSON.stringify, UTF-8 encoding)",
    (f) =>
      f.functionName === "stringify" ||
      (f.url.endsWith("hono/dist/context.js") && f.functionName === "json") ||
      /^(fromString|fromStringFast|utf8Write|encodeInto)$/.test(f.functionName),
  ],
  [
    "socket writes (the response onto the wire)",
    (f) =>
      /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(f.functionName) ||
      /stream_base_commons/.test(f.url),
  ],
  [
    "validation (zod: request; generated checks, zod on refusal: native, canonical, target)",
    (f) => /node_modules\/zod\/|native-schema|generated\/record-checks/.test(f.url),
  ],
  [
    "mapping (field maps, per-model split, unmapped lists)",
    // The translator's own modules (split out of translator.ts), except recognition.ts, which is charged below.
    (f) =>
      /generated\/field-maps|src\/records\/|translation\/(translator|messages|formats|ingest|mapping|record-validation|rendering|unmapped-list|unmapped-entries|target-warnings)\.ts/.test(
        f.url,
      ),
  ],
  [
    "recognition (equivalence answer, results through crosswalks)",
    (f) => /src\/domain\/equivalence|translation\/(results|recognition)\.ts/.test(f.url),
  ],
  [
    "request parsing (JSON.parse, body read)",
    (f) => f.functionName === "parse" || /body-rules|readBody|arrayBuffer|json/.test(f.functionName),
  ],
  [
    "credential (build, compact form, JWS, issued store)",
    (f) => /src\/credentials\/|src\/routes\/credentials\/|src\/cache\/memory-lru/.test(f.url),
  ],
  ["logging (pino)", (f) => /node_modules\/pino|sonic-boom/.test(f.url)],
  [
    "HTTP + Hono (routing, middleware, node-server)",
    (f) => /node_modules\/(hono|@hono)|node:_http|internal\/http|_http_/.test(f.url + f.functionName),
  ],
  ["garbage collection", (f) => f.functionName === "(garbage collector)"],
  ["idle", (f) => f.functionName === "(idle)" || f.functionName === "(program)"],
];

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const phaseOf = new Map<number, string>();
function classify(id: number): string {
  const known = phaseOf.get(id);
  if (known) return known;
  let cursor: number | undefined = id;
  let phase = "other";
  while (cursor !== undefined) {
    const frame = byId.get(cursor)?.callFrame;
    const match = frame && phases.find(([, test]) => test(frame));
    if (match) {
      phase = match[0];
      break;
    }
    cursor = parent.get(cursor);
  }
  phaseOf.set(id, phase);
  return phase;
}
const totals = new Map<string, number>();
let at = profile.startTime;
let inWindow = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at < start || at > end) return;
  inWindow++;
  const phase = classify(id);
  totals.set(phase, (totals.get(phase) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
if (inWindow === 0) throw new Error("no sample fell in the load window (clocks differ?)");
const busy = [...totals].filter(([phase]) => phase !== "idle").reduce((sum, [, t]) => sum + t, 0);
console.log(
  `\nPOST /v1/translations${query}${accept ? ` (Accept: ${accept})` : ""} — ${result.requests.average.toFixed(0)} req/s over ${SECONDS} s, ` +
    `body ${result.throughput.average / Math.max(result.requests.average, 1) > 0 ? Math.round(result.throughput.average / result.requests.average) : 0} bytes; profile ${join(dir, file)}\n`,
);
console.log("| phase | share of busy CPU | µs per request |\n|---|---|---|");
const requests = result.requests.total || 1; // requests in the window (the warm-up is outside it)
for (const [phase, time] of [...totals].sort((a, b) => b[1] - a[1])) {
  if (phase === "idle") continue;
  console.log(`| ${phase} | ${((time / busy) * 100).toFixed(1)} % | ${(time / requests).toFixed(0)} |`);
}

// The frames with the most self time, to see what the phases are made of (PROFILE_TOP=n, 0 = none).
const top = Number(process.env.PROFILE_TOP ?? 0);
if (top > 0) {
  const self = new Map<string, number>();
  at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < start || at > end) return;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|src|generated)\//, "$1/")}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  console.log("\n| frame (self time) | µs per request |\n|---|---|");
  for (const [name, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${name} | ${(time / requests).toFixed(1)} |`);
  }
}
