import { answerFiles, median, ROUTES, type Route, throughput, translationPost } from "./http-exchange.ts";
import { startServer } from "./server.ts";
import { serverCpuPerRequest } from "./server-cpu.ts";

/**
 * `npm run bench:http`: the app's two HTTP goals against a bare node:http server exchanging the same bytes
 * (bench/bare-exchange.mjs): `/healthz` ÷ bare GET (goal ≥ 0.6×) and `POST /v1/translations` (JC-STAR → PSTI, the
 * scheme's sample record) ÷ bare POST answering the translation's bytes (goal ≥ 0.45×). Beside them, the floor of the
 * fixed choices: a minimal Hono app on @hono/node-server exchanging the same bytes (bench/hono-floor.mjs).
 *
 * The three servers run side by side and are loaded in turn, in short rounds (BENCH_ROUNDS, default 5, of
 * BENCH_SECONDS, default 3, a route), their order rotated each round. A ratio is the median of the rounds' ratios, each
 * against the bare round of the same turn: on a shared VM the load drifts within minutes (the bare anchor has moved
 * 21,000 → 36,000 req/s in one run), and a ratio is only worth what its two halves have in common. Then each server's
 * own CPU time a request (bench/server-cpu.ts), which the load moves far less.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const files = await answerFiles();
const servers = {
  bare: await startServer({ script: "bench/bare-exchange.mjs", env: files }),
  floor: await startServer({ script: "bench/hono-floor.mjs", env: files }),
  app: await startServer(),
};
type Name = keyof typeof servers;
const names: Name[] = ["bare", "floor", "app"];
const rounds: Record<Route, Record<Name, number>[]> = { get: [], post: [] };
const cpu = {} as Record<Name, Record<Route, number | undefined>>;
try {
  // Warm-up: the JIT of every server, the app's answer memo.
  for (const name of names) for (const route of ROUTES) await throughput(servers[name].base, route, 1);
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const route of ROUTES) {
      const measured = {} as Record<Name, number>;
      for (const name of order) measured[name] = await throughput(servers[name].base, route, SECONDS);
      rounds[route].push(measured);
    }
  }
  for (const name of names) {
    const { base, pid } = servers[name];
    cpu[name] = {
      get: await serverCpuPerRequest(pid, `${base}/healthz`),
      post: await serverCpuPerRequest(pid, `${base}/v1/translations`, {
        body: translationPost.body,
        type: "application/json",
      }),
    };
  }
} finally {
  await Promise.all(names.map((name) => servers[name].stop()));
}

/** The median of the rounds' ratios `of ÷ to`, with their range. */
const ratio = (route: Route, of: Name, to: Name) => {
  const each = rounds[route].map((r) => r[of] / r[to]);
  return `**${median(each).toFixed(2)}×** (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)})`;
};
const rps = (route: Route, name: Name) => `${median(rounds[route].map((r) => r[name])).toFixed(0)} req/s`;
const micros = (route: Route) => names.map((name) => cpu[name][route]?.toFixed(0) ?? "n/a").join(" / ");
const row = (route: Route, goal: string) =>
  `| ${route === "get" ? "GET /healthz" : "POST /v1/translations"} | ${rps(route, "bare")} | ${rps(route, "app")} | ` +
  `${ratio(route, "app", "bare")} | ${goal} | ${ratio(route, "floor", "bare")} | ${ratio(route, "app", "floor")} | ` +
  `${micros(route)} µs |`;
console.log(
  [
    `${ROUNDS} rounds of ${SECONDS} s a server and route; medians, with the rounds' range:`,
    "| | bare node:http (same bytes) | app | app ÷ bare | goal | minimal Hono ÷ bare | app ÷ minimal Hono | server CPU a request: bare / minimal Hono / app |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    row("get", "≥ 0.6×"),
    row("post", "≥ 0.45×"),
  ].join("\n"),
);
