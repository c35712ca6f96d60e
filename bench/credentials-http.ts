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

export interface SignedRounds {
  unsigned: number[];
  signed: number[];
  errors: number;
}

/** Unsigned and signed POST /v1/translations in alternating rounds, so a change of load falls on both alike. */
export async function signedRounds(base: string, body: string, rounds = ROUNDS): Promise<SignedRounds> {
  const out: SignedRounds = { unsigned: [], signed: [], errors: 0 };
  const load = async (accept?: string) => {
    const result = await autocannon({
      url: `${base}/v1/translations`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...(accept ? { accept } : {}) },
    });
    out.errors += result.errors + result.non2xx;
    return result.requests.average;
  };
  for (let round = 0; round < rounds; round++) {
    out.unsigned.push(await load());
    out.signed.push(await load("application/vc+jwt"));
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
    // BENCH_CPU_ONLY=1 skips the throughput rounds (the server CPU figure alone, to compare changes quickly).
    const rounds = process.env.BENCH_CPU_ONLY
      ? { unsigned: [1], signed: [1], errors: 0 }
      : await signedRounds(server.base, body);
    const cpu = { unsigned: [] as number[], signed: [] as number[] };
    // BENCH_CPU_SCOPE=main counts the server's main thread only (what bounds its throughput), not the GC helpers.
    const scope = process.env.BENCH_CPU_SCOPE === "main" ? "main" : "process";
    for (let round = 0; round < ROUNDS; round++) {
      const post = { body, type: "application/json" };
      cpu.unsigned.push(
        (await serverCpuPerRequest(server.pid, `${server.base}/v1/translations`, post, 4000, scope)) ?? NaN,
      );
      cpu.signed.push(
        (await serverCpuPerRequest(
          server.pid,
          `${server.base}/v1/translations`,
          { ...post, accept: "application/vc+jwt" },
          4000,
          scope,
        )) ?? NaN,
      );
    }
    const ratio = mean(rounds.signed) / mean(rounds.unsigned);
    rows.push(
      `| POST /v1/translations, JSON | ${mean(rounds.unsigned).toFixed(0)} req/s | server CPU ${mean(cpu.unsigned).toFixed(0)} µs a request | |`,
      `| POST /v1/translations, Accept: application/vc+jwt | ${mean(rounds.signed).toFixed(0)} req/s | server CPU ${mean(cpu.signed).toFixed(0)} µs a request | errors ${rounds.errors} |`,
      `| **ratio signed / unsigned throughput** (${ROUNDS} alternating rounds) | **${ratio.toFixed(2)}×** (goal ≥ 0.8×) | per round: ${rounds.signed.map((s, i) => (s / (rounds.unsigned[i] ?? 1)).toFixed(2)).join(", ")} | |`,
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
