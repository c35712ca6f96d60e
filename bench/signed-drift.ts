import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";
import { serverCpuPerRequest } from "./server-cpu.ts";

/**
 * `tsx bench/signed-drift.ts`: whether a signed POST /v1/translations costs the server more the more credentials it
 * has issued — the server's CPU a request over consecutive batches of signed requests (BATCHES × REQUESTS), with
 * an unsigned batch before and after for scale.
 */
const BATCHES = Number(process.env.BENCH_BATCHES ?? 6);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });
const server = await startServer();
const url = `${server.base}/v1/translations`;
try {
  const post = { body, type: "application/json" };
  const row = async (label: string, accept?: string) => {
    const cpu = await serverCpuPerRequest(server.pid, url, { ...post, ...(accept ? { accept } : {}) }, REQUESTS);
    console.log(`| ${label} | ${cpu?.toFixed(0)} µs |`);
  };
  console.log("| batch | server CPU a request |\n|---|---|");
  await row("JSON");
  for (let i = 1; i <= BATCHES; i++) await row(`signed ${i}`, "application/vc+jwt");
  await row("JSON");
} finally {
  await server.stop();
}
