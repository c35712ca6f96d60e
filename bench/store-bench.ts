import { loadavg } from "node:os";
import { PerformanceObserver } from "node:perf_hooks";
import type { RecordStore } from "../src/store/record-store.ts";
import { type BenchRecord, BenchRecords } from "./store-records.ts";

/**
 * `npm run bench:store` (issue 23, item 4): a store loaded with many generated records, measured through the record
 * store's own interface — the same calls the routes make — so any store can be measured by passing a different
 * target factory: the single Redis node of bench/store-targets.ts today, a Redis Cluster (or any other RecordStore)
 * by writing a factory that starts it and builds its store.
 *
 * Phases: load (records generated and canonicalised in chunks, then written through `store.put` with
 * `If-None-Match: *` and `concurrency` writes in flight; only the writing is timed for the load rate), memory (the
 * target's used memory before and after, per record), the feed replayed from zero in pages of 500 (the catch-up
 * rate, and the cursors for the feed pages), then latencies of single calls, one at a time: a record read, a
 * 500-record list page, a 500-record holder listing (the largest holder) and a 500-change feed page, each at the
 * start, middle and end of the data (write order for reads, listing order for pages, feed order for the feed).
 */

export interface StoreTargetMemory {
  /** INFO memory used_memory (summed over the masters of a cluster): what the data costs the server. */
  usedMemory: number;
  /** used_memory_rss, where the target knows it. */
  rss?: number;
  /** Bytes of the append-only file(s) on disk, where the target knows it. */
  aofBytes?: number;
}

export interface StoreTarget {
  store: RecordStore;
  /** For the report: server version, shape, persistence. */
  describe(): Promise<string>;
  memory(): Promise<StoreTargetMemory>;
  /** Stops what the factory started (servers, clients); the bench calls it whatever happened. */
  stop(): Promise<void>;
  /**
   * Bulk loading (optional): `true` relaxes the target's persistence for the records after the timed durable ones
   * (Redis: appendfsync everysec instead of always) and answers what it set, for the report; `false` restores the
   * durable settings and waits for background AOF rewrites to end, so the latencies are measured as the service runs.
   */
  bulk?(on: boolean): Promise<string>;
  /**
   * Waits out background work the load left in the target (Redis: an AOF rewrite running or scheduled) and says what
   * it waited for, so the samples see the server as it runs between such jobs.
   */
  settle?(): Promise<string>;
  /** CPU seconds the target's servers have used so far (Redis: INFO cpu, user + sys, summed over the nodes). */
  cpuSeconds?(): Promise<number>;
}

/** Starts an empty target. A Redis Cluster target is another factory of this type; nothing else changes. */
export type StoreTargetFactory = () => Promise<StoreTarget>;

export interface StoreBenchOptions {
  records: number;
  /** Writes in flight while loading. */
  concurrency: number;
  /**
   * How many of the records (the first ones) are written with the target's durable settings and timed as the load
   * rate; the rest are written through the same store.put, with the target's bulk settings (StoreTarget.bulk) and
   * `bulkConcurrency` writes in flight, and reported apart. All of them unless bounded.
   */
  durable?: number;
  bulkConcurrency?: number;
  /** Timed calls per operation and position. */
  samples: number;
  /** Untimed calls per operation and position before the timed ones (5 unless set). */
  warmup?: number;
  /** How many feed changes the catch-up replays from zero (all of them unless bounded). */
  replay: number;
  /** Progress lines (to stderr in the CLI). */
  progress?: (line: string) => void;
  /** Each timed call as it ends (performance.now() at its start, its milliseconds): for tracing a slow sample. */
  onSample?: (sample: {
    operation: Latency["operation"];
    position: Latency["position"];
    at: number;
    ms: number;
  }) => void;
}

type Position = "start" | "middle" | "end";

export interface Latency {
  operation: "record read" | "list page (500)" | "holder listing (500)" | "feed page (500)";
  position: Position;
  samples: number;
  /** Items the call returned (records or changes), the same for every sample. */
  items: number;
  p50: number;
  p99: number;
  /** Milliseconds of the bench process's GC pauses that fell inside the timed calls, all of them / the p99 one. */
  gcMs: number;
  p99GcMs: number;
}

export interface StoreBenchReport {
  target: string;
  records: number;
  concurrency: number;
  loadavgBefore: number[];
  loadavgAfter: number[];
  generateMs: number;
  /** The records written with the durable settings (the first ones), and their writing time. */
  durableRecords: number;
  writeMs: number;
  /** Records written a second, writing time only, durable settings. */
  loadRate: number;
  /** CPU the bench process (generating excluded) and the target's servers spent a durable write, where known. */
  cpuPerWrite?: { benchMs: number; serverMs?: number };
  /** The rest, written with the target's bulk settings: how many, what the settings were, in flight, time, rate. */
  bulk?: { records: number; settings: string; concurrency: number; writeMs: number; rate: number };
  /** What restoring the durable settings said (and how long waiting for AOF rewrites took). */
  restored?: string;
  sampleMs: number;
  meanCanonicalBytes: number;
  memoryBefore: StoreTargetMemory;
  memoryAfter: StoreTargetMemory;
  bytesPerRecord: number;
  largestHolderRecords: number;
  /** What the target waited for before the samples (StoreTarget.settle), and whether the bench's garbage was collected. */
  settled: string;
  collected: string;
  replayed: number;
  replayMs: number;
  replayRate: number;
  latencies: Latency[];
}

const CHUNK = 5000;
const PAGE = 500;

export async function benchStore(factory: StoreTargetFactory, options: StoreBenchOptions): Promise<StoreBenchReport> {
  const say = options.progress ?? (() => {});
  const N = options.records;
  const loadavgBefore = loadavg();
  const records = new BenchRecords(N);
  const target = await factory();
  try {
    const { store } = target;
    const description = await target.describe();
    const memoryBefore = await target.memory();
    say(`${description}; loading ${N} records, ${options.concurrency} writes in flight`);

    // Load: generate a chunk (timed apart), write it (timed), so the load rate is the store's, not the generator's.
    // The first `durable` records are written with the target's durable settings and are the load rate; the rest,
    // if any, with its bulk settings (fsync once a second) and more writes in flight, reported apart.
    const durable = Math.min(N, options.durable ?? N);
    let generateMs = 0;
    let writeMs = 0;
    let bulkMs = 0;
    let bulkSettings = "";
    let canonicalBytes = 0;
    let cpuPerWrite: StoreBenchReport["cpuPerWrite"];
    const now = new Date().toISOString();
    const writeChunk = async (chunk: BenchRecord[], concurrency: number) => {
      let next = 0;
      const writer = async () => {
        while (next < chunk.length) {
          const r = chunk[next++];
          if (!r) break;
          const { created } = await store.put({ ...r, owner: null, ifNoneMatch: "*", now });
          if (!created) throw new Error(`${r.scheme}/${r.registrationId} was already there: ids must be distinct`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, writer));
    };
    let benchCpu = 0;
    const serverCpuBefore = await target.cpuSeconds?.();
    for (let start = 0; start < N; ) {
      const bulk = start >= durable;
      if (bulk && !bulkSettings) {
        if (!target.bulk) throw new Error("this target has no bulk settings: leave the durable count unbounded");
        const serverCpu = await target.cpuSeconds?.();
        cpuPerWrite = {
          benchMs: benchCpu / 1000 / durable,
          ...(serverCpu !== undefined && serverCpuBefore !== undefined
            ? { serverMs: ((serverCpu - serverCpuBefore) * 1000) / durable }
            : {}),
        };
        bulkSettings = await target.bulk(true);
        say(
          `bulk load from record ${start}: ${bulkSettings}, ${options.bulkConcurrency ?? options.concurrency} in flight`,
        );
      }
      // A chunk never straddles the durable/bulk boundary.
      const end = Math.min(start + CHUNK, bulk ? N : durable);
      let t = performance.now();
      const chunk = Array.from({ length: end - start }, (_, i) => records.record(start + i));
      for (const r of chunk) canonicalBytes += JSON.stringify(r.canonical).length;
      generateMs += performance.now() - t;
      t = performance.now();
      const cpu = process.cpuUsage();
      await writeChunk(chunk, bulk ? (options.bulkConcurrency ?? options.concurrency) : options.concurrency);
      if (bulk) bulkMs += performance.now() - t;
      else {
        writeMs += performance.now() - t;
        const used = process.cpuUsage(cpu);
        benchCpu += used.user + used.system;
      }
      if (Math.floor(end / (CHUNK * 20)) > Math.floor(start / (CHUNK * 20)) || end === N || end === durable) {
        const rate = bulk ? ((end - durable) / bulkMs) * 1000 : (end / writeMs) * 1000;
        say(`  ${end} written, ${rate.toFixed(0)} records/s${bulk ? " (bulk)" : ""}`);
      }
      start = end;
    }
    if (durable === N) {
      const serverCpu = await target.cpuSeconds?.();
      cpuPerWrite = {
        benchMs: benchCpu / 1000 / N,
        ...(serverCpu !== undefined && serverCpuBefore !== undefined
          ? { serverMs: ((serverCpu - serverCpuBefore) * 1000) / N }
          : {}),
      };
    }
    let restored: string | undefined;
    if (bulkSettings && target.bulk) {
      say("restoring the durable settings");
      restored = await target.bulk(false);
    }
    const memoryAfter = await target.memory();

    // Catch-up: a partner replaying the feed from zero, pages of 500; the page cursors serve the feed latencies.
    say(`replaying ${Math.min(options.replay, N)} changes from zero`);
    const cursors: (string | undefined)[] = [undefined];
    let cursor: string | undefined;
    let replayed = 0;
    const replayStart = performance.now();
    while (replayed < options.replay) {
      const page = await store.changes(cursor, PAGE, Date.now());
      if (page.changes.length === 0) break;
      replayed += page.changes.length;
      cursor = page.next ?? undefined;
      cursors.push(cursor);
    }
    const replayMs = performance.now() - replayStart;

    // Background work the load left is waited out before anything is timed (Redis: an AOF rewrite it started), and
    // how long that took is reported: a real server sees rewrites too, but a sample should not depend on whether the
    // load happened to end in one.
    const settled = (await target.settle?.()) ?? "nothing to wait for";

    // Positions. Reads: the first, middle and last records written. Pages: listing order (the store's list cursor is
    // the listing key of the entry before the page). Holder: the largest one, in its own listing order.
    say("measuring latencies");
    const sampleStart = performance.now();
    const S = options.samples;
    const warmup = options.warmup ?? 5;
    const positions = ["start", "middle", "end"] as const;
    const { listAfter, holderAfter, holderRecords } = pagePositions(records, N);
    const holder = records.holderName(0);
    const readAt = { start: 0, middle: Math.max(0, Math.floor(N / 2) - Math.floor(S / 2)), end: Math.max(0, N - S) };
    // The feed's end is the last full page: the cursor PAGE changes before the last one replayed.
    const feedAt = { start: 0, middle: Math.floor(cursors.length / 2), end: Math.max(0, cursors.length - 2) };
    // The generator's and the replay's garbage (a million records made, a million changes decoded) is the bench's,
    // not the store's: collected now, where the runtime lets the bench ask (node --expose-gc), not during a sample.
    const collected = collectGarbage();
    const gc = watchGc();
    const latencies: Latency[] = [];
    /**
     * Times `call` S times at each position, the positions in rotation (start, middle, end, start, …) after
     * `warmup` untimed calls at each: whatever the process or the machine goes through while an operation is sampled
     * (a GC, a burst of other work) falls on every position alike instead of on whichever one came first.
     */
    const measure = async (
      operation: Latency["operation"],
      call: (position: Position, i: number) => Promise<number>,
    ) => {
      const times: Record<Position, number[]> = { start: [], middle: [], end: [] };
      const pauses: Record<Position, number[]> = { start: [], middle: [], end: [] };
      const items: Record<Position, number> = { start: -1, middle: -1, end: -1 };
      for (let i = 0; i < warmup; i++) for (const position of positions) await call(position, i);
      const spans: Record<Position, [number, number][]> = { start: [], middle: [], end: [] };
      for (let i = 0; i < S; i++) {
        for (const position of positions) {
          const t = performance.now();
          const got = await call(position, i);
          const ms = performance.now() - t;
          times[position].push(ms);
          spans[position].push([t, t + ms]);
          options.onSample?.({ operation, position, at: t, ms });
          if (items[position] !== -1 && got !== items[position])
            throw new Error(`${operation} at ${position} returned ${got}, then ${items[position]}`);
          items[position] = got;
        }
      }
      // GC entries reach the observer after the pause, asynchronously: let them arrive before matching them.
      await new Promise((resolve) => setTimeout(resolve, 10));
      for (const position of positions) {
        for (const [from, to] of spans[position]) pauses[position].push(gc.pausedWithin(from, to));
        const p99 = percentile(times[position], 0.99);
        latencies.push({
          operation,
          position,
          samples: S,
          items: items[position],
          p50: percentile(times[position], 0.5),
          p99,
          gcMs: pauses[position].reduce((sum, ms) => sum + ms, 0),
          p99GcMs: pauses[position][times[position].indexOf(p99)] ?? 0,
        });
      }
    };
    await measure("record read", async (position, i) => {
      const n = Math.min(N - 1, readAt[position] + (i % S));
      return (await store.get(records.scheme(n), records.registrationId(n))) ? 1 : 0;
    });
    await measure(
      "list page (500)",
      async (position) => (await store.list({}, listAfter[position], PAGE)).records.length,
    );
    await measure(
      "holder listing (500)",
      async (position) => (await store.list({ holder }, holderAfter[position], PAGE)).records.length,
    );
    await measure(
      "feed page (500)",
      async (position) => (await store.changes(cursors[feedAt[position]], PAGE, Date.now())).changes.length,
    );
    gc.stop();

    return {
      target: description,
      records: N,
      concurrency: options.concurrency,
      loadavgBefore,
      loadavgAfter: loadavg(),
      generateMs,
      durableRecords: durable,
      writeMs,
      loadRate: (durable / writeMs) * 1000,
      ...(cpuPerWrite ? { cpuPerWrite } : {}),
      ...(bulkSettings
        ? {
            bulk: {
              records: N - durable,
              settings: bulkSettings,
              concurrency: options.bulkConcurrency ?? options.concurrency,
              writeMs: bulkMs,
              rate: ((N - durable) / bulkMs) * 1000,
            },
          }
        : {}),
      ...(restored ? { restored } : {}),
      sampleMs: performance.now() - sampleStart,
      meanCanonicalBytes: canonicalBytes / N,
      memoryBefore,
      memoryAfter,
      bytesPerRecord: (memoryAfter.usedMemory - memoryBefore.usedMemory) / N,
      largestHolderRecords: holderRecords,
      settled,
      collected,
      replayed,
      replayMs,
      replayRate: (replayed / replayMs) * 1000,
      latencies,
    };
  } finally {
    await target.stop();
  }
}

/**
 * The cursors of the pages measured (the listing key before each page: undefined for the first) in the listing and in
 * the largest holder's listing. The sorted keys of every record are built here and dropped on return: a million
 * strings kept alive through the samples would be marked by every major GC the samples run into.
 */
function pagePositions(records: BenchRecords, N: number) {
  const keys = Array.from({ length: N }, (_, n) => records.listKey(n)).sort();
  const holderKeys: string[] = [];
  for (let n = 0; n < N; n++) if (records.holderIndex(n) === 0) holderKeys.push(records.listKey(n));
  holderKeys.sort();
  const after = (sorted: string[]) => {
    const span = PAGE + 1;
    const index = {
      start: 0,
      middle: Math.max(0, Math.floor(sorted.length / 2) - Math.floor(span / 2)),
      end: Math.max(0, sorted.length - span),
    };
    const cursor = (i: number) => (i === 0 ? undefined : sorted[i - 1]);
    return { start: cursor(index.start), middle: cursor(index.middle), end: cursor(index.end) };
  };
  return { listAfter: after(keys), holderAfter: after(holderKeys), holderRecords: holderKeys.length };
}

/** A full collection, where the process was started with --expose-gc (npm run bench:store does). */
function collectGarbage(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return "not collected first (node without --expose-gc)";
  const t = performance.now();
  gc();
  return `collected first (a full GC, ${(performance.now() - t).toFixed(0)} ms)`;
}

/** The process's GC pauses while the samples run, so a slow sample can be told apart from a collection. */
function watchGc() {
  const pauses: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    /** Milliseconds of GC pause inside [from, to]. */
    pausedWithin(from: number, to: number): number {
      let ms = 0;
      for (const [start, end] of pauses) if (end > from && start < to) ms += Math.min(end, to) - Math.max(start, from);
      return ms;
    },
    stop: () => observer.disconnect(),
  };
}

/** Nearest-rank percentile (p99 of 200 samples is the second slowest). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** The report as the Markdown bench/README.md keeps. */
export function formatReport(report: StoreBenchReport): string {
  const mb = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
  const lines = [
    `target: ${report.target}`,
    `records: ${report.records.toLocaleString("en")} (five formats, round robin), ${report.concurrency} writes in flight; load average ${report.loadavgBefore.map((l) => l.toFixed(1)).join(" ")} before, ${report.loadavgAfter.map((l) => l.toFixed(1)).join(" ")} after`,
    "",
    "| measure | figure |",
    "| --- | --- |",
    `| load rate (store.put, If-None-Match: *, writing time only${report.bulk ? `, first ${report.durableRecords.toLocaleString("en")} records` : ""}) | ${report.loadRate.toFixed(0)} records/s (${(report.writeMs / 1000).toFixed(0)} s; generating and canonicalising ${report.bulk ? "all records " : ""}took ${(report.generateMs / 1000).toFixed(0)} s more) |`,
    ...(report.cpuPerWrite
      ? [
          `| CPU a durable write: bench process (store client) / Redis servers | ${report.cpuPerWrite.benchMs.toFixed(3)} ms / ${report.cpuPerWrite.serverMs?.toFixed(3) ?? "n/a"} ms |`,
        ]
      : []),
    ...(report.bulk
      ? [
          `| bulk load of the other ${report.bulk.records.toLocaleString("en")} records (same store.put; ${report.bulk.settings}; ${report.bulk.concurrency} in flight) | ${report.bulk.rate.toFixed(0)} records/s (${(report.bulk.writeMs / 1000).toFixed(0)} s) |`,
          `| durable settings restored before the samples | ${report.restored ?? "n/a"} |`,
        ]
      : []),
    `| canonical record JSON, mean | ${report.meanCanonicalBytes.toFixed(0)} bytes |`,
    `| Redis used_memory before → after | ${mb(report.memoryBefore.usedMemory)} → ${mb(report.memoryAfter.usedMemory)} (rss ${mb(report.memoryAfter.rss)}) |`,
    `| memory per record (used_memory delta ÷ records) | ${report.bytesPerRecord.toFixed(0)} bytes |`,
    `| append-only file on disk after the load | ${mb(report.memoryAfter.aofBytes)} |`,
    `| feed catch-up from zero, pages of 500 | ${report.replayRate.toFixed(0)} changes/s (${report.replayed.toLocaleString("en")} in ${(report.replayMs / 1000).toFixed(1)} s) |`,
    "",
    `before the samples: ${report.settled}; the bench's own garbage ${report.collected}`,
    "",
    `| call (one at a time, positions in rotation) | position | items | samples | p50 | p99 | GC pauses in all samples / in the p99 one |`,
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...report.latencies.map(
      (l) =>
        `| ${l.operation} | ${l.position} | ${l.items} | ${l.samples} | ${l.p50.toFixed(2)} ms | ${l.p99.toFixed(2)} ms | ${l.gcMs.toFixed(0)} / ${l.p99GcMs.toFixed(1)} ms |`,
    ),
    "",
    `largest holder: ${report.largestHolderRecords.toLocaleString("en")} records; sampling took ${(report.sampleMs / 1000).toFixed(0)} s`,
  ];
  return lines.join("\n");
}
