import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { freePort, startRedis } from "../test/helpers/redis-server.ts";

/**
 * `npm run bench:workers`: throughput of the warm equivalence answer with WORKERS=2 ÷ WORKERS=1, the real entry in a
 * child process each time (same Redis, same load: autocannon at 50 connections, BENCH_SECONDS each, after a warm-up).
 * The load generator runs on the same machine and takes a share of the cores: on 2 cores it competes with the
 * workers, so the ratio measured here is a floor, not what two cores behind a separate load balancer give.
 */
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const redis = await startRedis();

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
    await autocannon({ url, connections: 50, duration: 2 });
    const result = await autocannon({ url, connections: 50, duration: DURATION_S });
    if (result.errors + result.non2xx > 0) throw new Error(`${result.errors + result.non2xx} failed requests`);
    return result.requests.total / result.duration;
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

try {
  const one = await measure(1);
  const two = await measure(2);
  console.log(`| warm equivalence, WORKERS=1 | ${one.toFixed(0)} req/s |`);
  console.log(`| warm equivalence, WORKERS=2 | ${two.toFixed(0)} req/s |`);
  console.log(`| WORKERS=2 ÷ WORKERS=1 | ${(two / one).toFixed(2)}× (goal ≥ 1.6× on 2 cores) |`);
} finally {
  await redis.stop();
}
