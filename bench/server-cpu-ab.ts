import { resolve } from "node:path";
import catalog from "../generated/catalog.js";
import { startServer } from "./server.ts";
import { serverCpuPerRequest } from "./server-cpu.ts";

/**
 * `npx tsx bench/server-cpu-ab.ts <checkout A> <checkout B>`: a change's cost in the server's own CPU a request
 * (bench/server-cpu.ts: user + system from /proc), with the two checkouts' Node servers started alternately — A B, then
 * B A, … — so that a change in the machine's load falls on both. Throughput on a shared 2-core machine mostly measures
 * who else has the cores; this moves far less. A checkout is a directory holding the project with generated/ built
 * and node_modules: `git archive <commit> | tar -x -C <dir>`, then link node_modules and run `npm run -s build` (or
 * copy generated/ when the build's inputs did not change). Measures GET /healthz and POST /v1/translations (JC-STAR →
 * PSTI, the scheme's sample record, as bench:http does); ROUNDS (default 4) rounds, REQUESTS (default 10,000) a
 * measure, AB_ROUTES=get or post for one of them. Prints the median and every round, in µs.
 */
const [a, b] = process.argv.slice(2).map((dir) => resolve(dir));
if (!a || !b) throw new Error("usage: npx tsx bench/server-cpu-ab.ts <checkout A> <checkout B>");
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const REQUESTS = Number(process.env.REQUESTS ?? 10_000);
const routes = (process.env.AB_ROUTES ?? "get,post").split(",") as ("get" | "post")[];
const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample;
const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record, asOf: "2026-01-15" });

const measured = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const dir of round % 2 === 0 ? [a, b] : [b, a]) {
    const server = await startServer({ cwd: dir });
    try {
      // Warm the JIT and the engine's memo on both routes before measuring either.
      const post = { method: "POST", body, headers: { "content-type": "application/json" } };
      for (let i = 0; i < 300; i++) await (await fetch(`${server.base}/v1/translations`, post)).arrayBuffer();
      for (const route of routes) {
        const cpu =
          route === "get"
            ? await serverCpuPerRequest(server.pid, `${server.base}/healthz`, undefined, REQUESTS)
            : await serverCpuPerRequest(
                server.pid,
                `${server.base}/v1/translations`,
                { body, type: "application/json" },
                REQUESTS,
              );
        if (cpu === undefined) throw new Error("no /proc: server CPU is measured on Linux only");
        const key = `${dir} ${route}`;
        measured.set(key, [...(measured.get(key) ?? []), cpu]);
      }
    } finally {
      await server.stop();
    }
  }
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;
console.log("| route | checkout | median µs | rounds µs |\n| --- | --- | --- | --- |");
for (const route of routes) {
  for (const dir of [a, b]) {
    const rounds = measured.get(`${dir} ${route}`) ?? [];
    console.log(`| ${route} | ${dir} | ${median(rounds).toFixed(0)} | ${rounds.map((r) => r.toFixed(0)).join(", ")} |`);
  }
}
