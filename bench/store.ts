import { writeFileSync } from "node:fs";
import { redisServerInstalled } from "../test/helpers/redis-server.ts";
import { benchStore, formatReport } from "./store-bench.ts";
import { redisCluster, singleNodeRedis } from "./store-targets.ts";

/**
 * `npm run bench:store`: a million generated records in a single-node redis-server this process starts and stops
 * (bench/store-bench.ts says what is measured). Settings: BENCH_RECORDS (1,000,000), BENCH_CONCURRENCY (writes in
 * flight, 100), BENCH_DURABLE (how many of the records, the first ones, are written with the durable settings and timed
 * as the load rate: all by default; the rest are written through the same store.put with appendfsync everysec and
 * BENCH_BULK_CONCURRENCY writes in flight, then the durable settings are restored before any sample), BENCH_SAMPLES
 * (timed calls per operation and position, 200, the positions taken in rotation), BENCH_WARMUP (untimed calls per
 * operation and position before them, 5), BENCH_REPLAY (feed changes replayed from zero, all), BENCH_JSON (a file to
 * write the report to as JSON), BENCH_TARGET (`single`, the default, or `cluster`: a 3+3 Redis Cluster with
 * BENCH_PARTITIONS partitions, 16). Records are generated a chunk at a time, so memory does not grow with
 * BENCH_RECORDS beyond the list keys (one short string a record) the page positions are picked from, dropped before
 * the samples. `npm run bench:store` runs node with --expose-gc, so the bench's own garbage is collected before them.
 */
const int = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

if (!redisServerInstalled()) {
  console.error("redis-server is not installed: nothing to measure (apt-get install redis-server)");
  process.exit(1);
}
const records = int("BENCH_RECORDS", 1_000_000);
const target = process.env.BENCH_TARGET ?? "single";
if (target !== "single" && target !== "cluster") throw new Error("BENCH_TARGET must be single or cluster");
const factory = target === "cluster" ? redisCluster(int("BENCH_PARTITIONS", 16)) : singleNodeRedis;
const report = await benchStore(factory, {
  records,
  concurrency: int("BENCH_CONCURRENCY", 100),
  durable: int("BENCH_DURABLE", records),
  bulkConcurrency: int("BENCH_BULK_CONCURRENCY", int("BENCH_CONCURRENCY", 100)),
  samples: int("BENCH_SAMPLES", 200),
  warmup: process.env.BENCH_WARMUP === "0" ? 0 : int("BENCH_WARMUP", 5),
  replay: int("BENCH_REPLAY", records),
  progress: (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
});
console.log(formatReport(report));
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(report, null, 2)}\n`);
