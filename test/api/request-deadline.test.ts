import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { Deadline, DeadlineExceeded } from "../../src/lib/deadline.ts";
import { RedisIdempotencyStore } from "../../src/store/idempotency.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { type RateLimiter, RedisRateLimiter } from "../../src/store/rate-limiter.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { redisServerInstalled, startRedis } from "../helpers/redis-server.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectProblem } from "./api-suite.ts";

const token = "test-key-reader-0123456789abcdef";
const keys = new ApiKeys([
  { id: "r", role: "reader", sha256: createHash("sha256").update(token).digest("hex"), schemes: [] },
]);
const never = () => new Promise<never>(() => {});

describe("one deadline per request", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a spent deadline fails later calls at once without starting them; an answer restores it", async () => {
    let now = 0;
    const deadline = new Deadline(1000, () => now);
    now = 900;
    expect(await deadline.run(async () => "answered")).toBe("answered");
    now = 1800; // within the restored budget
    expect(deadline.remaining()).toBe(100);
    now = 2000;
    const started = vi.fn(async () => 1);
    await expect(deadline.run(started)).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(started).not.toHaveBeenCalled();
  });

  it("a hung rate limiter and a hung store cost one budget together, not one each", async () => {
    vi.useFakeTimers();
    const hungLimiter: RateLimiter = { hit: never };
    const inner = new MemoryRecordStore();
    const hungStore = Object.assign(Object.create(inner) as RecordStore, { get: vi.fn(never) });
    const { app } = createTestApp({
      records: hungStore,
      apiKeys: keys,
      rateLimiter: hungLimiter,
      rateLimitPerMinute: 10,
      requestDeadlineMs: 1000,
    });
    let settled: Response | undefined;
    void Promise.resolve(
      app.request("/v1/records/jc-star/JC-1", { headers: { authorization: `Bearer ${token}` } }),
    ).then((r) => {
      settled = r;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2);
    expect(settled?.status).toBe(503);
    // The limiter's wait spent the budget: the store was never asked.
    expect(hungStore.get).not.toHaveBeenCalled();
    if (settled) await expectProblem(settled, 503);
  });

  it.skipIf(!redisServerInstalled())(
    "with a real redis-server stopped (SIGSTOP), a record read answers 503 within one budget, not two",
    async () => {
      const redis = await startRedis();
      const client = new Redis(redis.url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: 1000,
      });
      try {
        await new Promise((resolve) => client.once("ready", resolve));
        const { app } = createTestApp({
          records: new RedisRecordStore(client),
          idempotency: new RedisIdempotencyStore(client),
          rateLimiter: new RedisRateLimiter(client),
          rateLimitPerMinute: 100,
          apiKeys: keys,
          requestDeadlineMs: 1000,
        });
        redis.freeze();
        const started = Date.now();
        const response = await app.request("/v1/records/jc-star/JC-1", {
          headers: { authorization: `Bearer ${token}` },
        });
        const elapsed = Date.now() - started;
        await expectProblem(response, 503);
        expect(response.headers.get("retry-after")).toBeTruthy();
        // Two timeouts in series took ~2 s; one deadline takes ~1 s (generous bound for a loaded machine).
        expect(elapsed).toBeLessThan(1500);
      } finally {
        redis.thaw();
        client.disconnect();
        await redis.stop();
      }
    },
  );
});
