import autocannon from "autocannon";
import catalog from "../generated/catalog.js";
import { signingCost } from "./credentials.ts";
import { startServer } from "./server.ts";
import { serverCpuPerRequest } from "./server-cpu.ts";

/**
 * The signed translation against the unsigned one over HTTP (issue 24: signed ≥ 0.8× unsigned throughput), on one
 * Node server: throughput in alternating rounds (what `npm run bench` reports) and the server process's CPU time per
 * request, which the load of other processes on a shared machine moves far less. `npm run bench:credentials` runs
 * this alone, with the in-process comparison of bench/credentials.ts after it.
 */
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VC_JWT = "application/vc+jwt";

export interface SignedRounds {
  unsigned: number[];
  signed: number[];
  errors: number;
}

/**
 * Signed requests sent before the timed rounds: enough for the issued store's byte ring to fill and wrap once (≈ 4,900
 * credentials of ≈ 6.5 KB in 32 MB), so the rounds measure a running server, not the one-time first touch of the
 * ring's pages (~50–90 µs a credential until it wraps: docs/decisions.md) — as bench/credentials.ts fills it too.
 */
const SIGNED_WARMUP = Number(process.env.BENCH_SIGNED_WARMUP ?? 8000);
const UNSIGNED_WARMUP = Number(process.env.BENCH_UNSIGNED_WARMUP ?? 2000);

/** Both requests sent untimed before any figure is taken: the JIT, the engine's memo and the issued store warmed. */
export async function warmUp(base: string, body: string): Promise<void> {
  const options = { url: `${base}/v1/translations`, connections: CONNECTIONS, method: "POST" as const, body };
  await autocannon({ ...options, headers: { "content-type": "application/json" }, amount: UNSIGNED_WARMUP });
  await autocannon({
    ...options,
    headers: { "content-type": "application/json", accept: VC_JWT },
    amount: SIGNED_WARMUP,
  });
}

/**
 * Unsigned and signed POST /v1/translations in alternating rounds, so a change of load falls on both alike, the order
 * swapped every round (unsigned first in even rounds, signed first in odd ones) so neither always runs after the
 * other. Call `warmUp` first.
 */
export async function signedRounds(base: string, body: string, rounds = ROUNDS): Promise<SignedRounds> {
  const out: SignedRounds = { unsigned: [], signed: [], errors: 0 };
  const options = (accept?: string) => ({
    url: `${base}/v1/translations`,
    connections: CONNECTIONS,
    method: "POST" as const,
    body,
    headers: { "content-type": "application/json", ...(accept ? { accept } : {}) },
  });
  const load = async (accept?: string) => {
    const result = await autocannon({ ...options(accept), duration: DURATION_S });
    out.errors += result.errors + result.non2xx;
    return result.requests.average;
  };
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) out.unsigned.push(await load());
    out.signed.push(await load(VC_JWT));
    if (round % 2 === 1) out.unsigned.push(await load());
  }
  return out;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);

if (import.meta.url === `file://${process.argv[1]}`) {
  const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
  const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
  const server = await startServer();
  const rows: string[] = [];
  try {
    await warmUp(server.base, body);
    // BENCH_CPU_ONLY=1 skips the throughput rounds (the server CPU figure alone, to compare changes quickly).
    const rounds = process.env.BENCH_CPU_ONLY
      ? { unsigned: [1], signed: [1], errors: 0 }
      : await signedRounds(server.base, body);
    const cpu = { unsigned: [] as number[], signed: [] as number[] };
    // BENCH_CPU_SCOPE=main counts the server's main thread only (what bounds its throughput), not the GC helpers.
    const scope = process.env.BENCH_CPU_SCOPE === "main" ? "main" : "process";
    const post = { body, type: "application/json" };
    const cpuOf = async (accept?: string) =>
      (await serverCpuPerRequest(
        server.pid,
        `${server.base}/v1/translations`,
        accept ? { ...post, accept } : post,
        4000,
        scope,
      )) ?? NaN;
    for (let round = 0; round < ROUNDS; round++) {
      // The order swapped every round, as in the throughput rounds.
      if (round % 2 === 0) cpu.unsigned.push(await cpuOf());
      cpu.signed.push(await cpuOf(VC_JWT));
      if (round % 2 === 1) cpu.unsigned.push(await cpuOf());
    }
    const ratio = mean(rounds.signed) / mean(rounds.unsigned);
    rows.push(
      `| POST /v1/translations, JSON | ${mean(rounds.unsigned).toFixed(0)} req/s | server CPU ${mean(cpu.unsigned).toFixed(0)} µs a request | |`,
      `| POST /v1/translations, Accept: application/vc+jwt | ${mean(rounds.signed).toFixed(0)} req/s | server CPU ${mean(cpu.signed).toFixed(0)} µs a request | errors ${rounds.errors} |`,
      `| **ratio signed / unsigned throughput** (${ROUNDS} alternating rounds after ${UNSIGNED_WARMUP} + ${SIGNED_WARMUP} warm-up requests) | **${ratio.toFixed(2)}×** (goal ≥ 0.8×) | per round: ${rounds.signed.map((s, i) => (s / (rounds.unsigned[i] ?? 1)).toFixed(2)).join(", ")} | |`,
      `| ratio in server CPU a request (unsigned ÷ signed) | **${(mean(cpu.unsigned) / mean(cpu.signed)).toFixed(2)}×** | per round: ${cpu.signed.map((s, i) => ((cpu.unsigned[i] ?? 0) / s).toFixed(2)).join(", ")} | |`,
    );
  } finally {
    await server.stop();
  }
  if (!process.env.BENCH_CPU_ONLY) rows.push(...(await signingCost()));
  console.log(
    `\nSigned translations — ${new Date().toISOString()}, Node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s a round\n`,
  );
  console.log("| what | figure | | |\n|---|---|---|---|");
  for (const row of rows) console.log(row);
}
