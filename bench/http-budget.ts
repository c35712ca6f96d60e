import { answerFiles, median, ROUTES, throughput } from "./http-exchange.ts";
import { startServer } from "./server.ts";

/**
 * `npm run bench:http-budget`: how much per-request work the HTTP goals leave an app built on the fixed choices. The
 * minimal Hono app (bench/hono-floor.mjs) answers the app's own bytes with WORK_US µs of synchronous work added to
 * every request; each row is its throughput ÷ the bare node:http exchange of the same bytes (bench/bare-exchange.mjs,
 * the goals' anchor). The first row whose ratio falls under a goal is that goal's budget on this machine: the work an
 * app may do a request beyond a bare Hono handler. WORK_LEVELS overrides the levels.
 *
 * Every server runs side by side; each level is measured in BENCH_ROUNDS (default 3) rounds of BENCH_SECONDS (default
 * 3) alternating with the bare server, and a ratio is the median of those rounds' (see bench/http-ratios.ts for why).
 */
const LEVELS = (process.env.WORK_LEVELS ?? "0,5,10,20,40,80").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const files = await answerFiles();
const bare = await startServer({ script: "bench/bare-exchange.mjs", env: files });
const floors = await Promise.all(
  LEVELS.map((work) => startServer({ script: "bench/hono-floor.mjs", env: { ...files, WORK_US: String(work) } })),
);
const rows: string[] = [];
try {
  for (const server of [bare, ...floors]) for (const route of ROUTES) await throughput(server.base, route, 1);
  for (const [index, floor] of floors.entries()) {
    const cells: string[] = [];
    for (const route of ROUTES) {
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const anchor = await throughput(bare.base, route, SECONDS);
        ratios.push((await throughput(floor.base, route, SECONDS)) / anchor);
      }
      cells.push(`${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
    }
    rows.push(`| ${LEVELS[index]} µs | ${cells.join(" | ")} |`);
  }
} finally {
  await Promise.all([bare, ...floors].map((server) => server.stop()));
}
console.log(
  [
    `${ROUNDS} rounds of ${SECONDS} s a level and route, each against a bare round; medians, with the rounds' range:`,
    "| work a request beyond a bare Hono handler | GET /healthz ÷ bare (goal ≥ 0.6×) | POST /v1/translations ÷ bare (goal ≥ 0.45×) |",
    "| ---: | ---: | ---: |",
    ...rows,
  ].join("\n"),
);
