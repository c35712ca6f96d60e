import { describe, expect, it } from "vitest";
import { benchStore, percentile } from "../../bench/store-bench.ts";
import { BENCH_SCHEMES, BenchRecords } from "../../bench/store-records.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { LIST_CURSOR } from "../../src/store/record-store.ts";

/**
 * `npm run bench:store` (issue 23): the generator writes distinct, valid records of the five formats, and the bench
 * measures any store a factory hands it — here the memory twin, small, so that what each figure counts is checked
 * (the figures themselves are for bench/README.md, never asserted).
 */
describe("bench:store's records", () => {
  const records = new BenchRecords(2000);

  it("are of the five formats, distinct, with the identity the generator names", () => {
    const keys = new Set<string>();
    const schemes = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const record = records.record(n);
      schemes.add(record.scheme);
      keys.add(records.listKey(n));
      expect(records.listKey(n)).toMatch(LIST_CURSOR);
      expect(record.canonical).toMatchObject({
        scheme: record.scheme,
        registrationId: record.registrationId,
        holder: { name: records.holderName(records.holderIndex(n)) },
      });
      expect(record.canonical.status).not.toBe("expired");
      expect(record.canonical.native?.scheme).toBe(record.scheme);
    }
    expect([...schemes].sort()).toEqual([...BENCH_SCHEMES]);
    expect(keys.size).toBe(400);
  });

  it("give the first holder the most records", () => {
    const counts = new Map<number, number>();
    for (let n = 0; n < 2000; n++) counts.set(records.holderIndex(n), (counts.get(records.holderIndex(n)) ?? 0) + 1);
    const largest = Math.max(...counts.values());
    expect(counts.get(0)).toBe(largest);
    expect(counts.size).toBeGreaterThan(10);
  });
});

describe("bench:store against a store factory", () => {
  it("loads every record once, replays the whole feed, and times full pages at each position", async () => {
    let stopped = 0;
    const report = await benchStore(
      async () => ({
        store: new MemoryRecordStore(),
        describe: async () => "memory twin",
        memory: async () => ({ usedMemory: 0 }),
        stop: async () => {
          stopped++;
        },
      }),
      { records: 1500, concurrency: 8, samples: 3, replay: 1500 },
    );
    expect(stopped).toBe(1);
    expect(report).toMatchObject({ target: "memory twin", records: 1500, replayed: 1500 });
    expect(report.latencies).toHaveLength(12);
    for (const latency of report.latencies) {
      const full = latency.operation === "record read" ? 1 : 500;
      // The largest holder of 1,500 records has fewer than 500: its one page holds them all.
      const expected = latency.operation === "holder listing (500)" ? report.largestHolderRecords : full;
      expect(latency, `${latency.operation} at ${latency.position}`).toMatchObject({ samples: 3, items: expected });
    }
  });

  it("writes the first records with the durable settings and the rest with the bulk ones, restored before sampling", async () => {
    const store = new MemoryRecordStore();
    const events: string[] = [];
    const put = store.put.bind(store);
    let writes = 0;
    store.put = async (input) => {
      writes++;
      return put(input);
    };
    const list = store.list.bind(store);
    store.list = async (...args) => {
      if (!events.includes("sampled")) events.push("sampled");
      return list(...args);
    };
    const report = await benchStore(
      async () => ({
        store,
        describe: async () => "memory twin",
        memory: async () => ({ usedMemory: 0 }),
        bulk: async (on) => {
          events.push(`bulk ${on} after ${writes} writes`);
          return on ? "relaxed" : "restored";
        },
        cpuSeconds: async () => writes / 1000,
        stop: async () => {},
      }),
      { records: 1200, durable: 700, concurrency: 4, bulkConcurrency: 16, samples: 1, replay: 1200 },
    );
    expect(events).toEqual(["bulk true after 700 writes", "bulk false after 1200 writes", "sampled"]);
    expect(report).toMatchObject({
      records: 1200,
      durableRecords: 700,
      bulk: { records: 500, settings: "relaxed", concurrency: 16 },
      restored: "restored",
      replayed: 1200,
    });
    // The servers' CPU a durable write: 1 ms per write in this fake's clock.
    expect(report.cpuPerWrite?.serverMs).toBeCloseTo(1);
  });

  it("waits for the target to settle, warms up, then samples the positions in rotation", async () => {
    const store = new MemoryRecordStore();
    const calls: string[] = [];
    const list = store.list.bind(store);
    store.list = async (filter, cursor, limit) => {
      if (filter.holder === undefined) calls.push(cursor ?? "start");
      return list(filter, cursor, limit);
    };
    const events: string[] = [];
    const report = await benchStore(
      async () => ({
        store,
        describe: async () => "memory twin",
        memory: async () => ({ usedMemory: 0 }),
        settle: async () => {
          events.push(`settled before ${calls.length} list calls`);
          return "waited 0.0 s for an AOF rewrite to end";
        },
        stop: async () => {},
      }),
      { records: 3000, concurrency: 8, samples: 3, warmup: 2, replay: 3000 },
    );
    expect(events).toEqual(["settled before 0 list calls"]);
    expect(report.settled).toBe("waited 0.0 s for an AOF rewrite to end");
    // Three positions: two untimed rounds, then three timed ones, each round start → middle → end.
    expect(calls).toHaveLength(15);
    const [start, middle, end] = calls;
    expect(new Set([start, middle, end]).size).toBe(3);
    expect(calls).toEqual(Array.from({ length: 5 }, () => [start, middle, end]).flat());
    for (const latency of report.latencies) {
      expect(latency.samples).toBe(3);
      expect(latency.gcMs).toBeGreaterThanOrEqual(latency.p99GcMs);
    }
  });

  it("stops the target when the load fails", async () => {
    let stopped = 0;
    const store = new MemoryRecordStore();
    store.put = async () => {
      throw new Error("store down");
    };
    const factory = async () => ({
      store,
      describe: async () => "failing",
      memory: async () => ({ usedMemory: 0 }),
      stop: async () => {
        stopped++;
      },
    });
    await expect(benchStore(factory, { records: 10, concurrency: 2, samples: 1, replay: 10 })).rejects.toThrow(
      "store down",
    );
    expect(stopped).toBe(1);
  });

  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(values, 0.5)).toBe(100);
    expect(percentile(values, 0.99)).toBe(198);
  });
});
