import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { freePort, startRedis } from "../test/helpers/redis-server.ts";

/**
 * `npm run bench:workers`: throughput of the warm equivalence answer with WORKERS=2 ÷ WORKERS=1, the real entry in a
 * child process each time (same Redis, same load: autocannon at 50 connections, BENCH_SECONDS each, after a warm-up).
 * The load generator runs on the same machine and takes a share of the cores: on 2 cores it competes with the
 * workers, so the ratio measured here is a floor, not what two cores behind a separate load balancer give.
 * Where `wrk` is installed (Debian: `apt-get install wrk`) it drives the load instead of autocannon: one C thread
 * with epoll takes a far smaller share of the two cores than autocannon's JavaScript, so more of them are left to the
 * workers being measured. `BENCH_LOADGEN=autocannon` forces autocannon. The table says which one ran.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const loadgen = process.env.BENCH_LOADGEN ?? ((await hasWrk()) ? "wrk" : "autocannon");
const redis = await startRedis();

async function hasWrk(): Promise<boolean> {
  return promisify(execFile)("wrk", ["--version"]).then(
    () => true,
    // wrk --version exits 1 after printing its version: present all the same.
    (error: NodeJS.ErrnoException) => error.code !== "ENOENT",
  );
}

/** Requests a second over `seconds` at 50 connections; throws when any request failed. */
async function load(url: string, seconds: number): Promise<number> {
  if (loadgen === "wrk") {
    const { stdout } = await promisify(execFile)("wrk", [
      "-t1",
      "-c50",
      "--timeout",
      "30s",
      `-d${seconds}s`,
      url,
    ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const failures = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? "0";
    const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1];
    if (failures !== "0" || socketErrors) throw new Error(`wrk: ${failures} non-2xx; socket errors: ${socketErrors}`);
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1];
    if (!rate) throw new Error(`wrk printed no rate:\n${stdout}`);
    return Number(rate);
  }
  const result = await autocannon({ url, connections: 50, duration: seconds });
  if (result.errors + result.non2xx > 0) throw new Error(`${result.errors + result.non2xx} failed requests`);
  return result.requests.total / result.duration;
}

async function measure(workers: number): Promise<number> {
  // Log lines discarded (LOG_LEVEL warn, stdout ignored): parsing them here would take CPU from the servers.
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/node.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      WORKERS: String(workers),
      REDIS_URL: redis.url,
    },
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (attempt > 600) throw new Error("the server did not start");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = `http://127.0.0.1:${port}/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&asOf=2026-06-01`;
    // Every worker warms its own cache and JIT.
    await load(url, 2);
    return await load(url, DURATION_S);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

try {
  const one = await measure(1);
  const two = await measure(2);
  console.log(`| load generator | ${loadgen}, 50 connections, ${DURATION_S} s |`);
  console.log(`| warm equivalence, WORKERS=1 | ${one.toFixed(0)} req/s |`);
  console.log(`| warm equivalence, WORKERS=2 | ${two.toFixed(0)} req/s |`);
  console.log(`| WORKERS=2 ÷ WORKERS=1 | ${(two / one).toFixed(2)}× (goal ≥ 1.6× on 2 cores) |`);
} finally {
  await redis.stop();
}
