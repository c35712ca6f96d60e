import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import { MemoryLru } from "../../src/cache/memory-lru.ts";
import { RedisCache } from "../../src/cache/redis.ts";
import { Readiness } from "../../src/contracts/api.ts";
import { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { expectBody } from "../api/api-suite.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestApp, recordingLogger } from "../helpers/test-app.ts";

const installed = redisServerInstalled();

/**
 * An app as src/node.ts builds it with REDIS_URL set: its own L1, the shared Redis as L2. A command time-out of 1 s
 * unless a test needs it hit: a GC pause or a slow minute on a shared machine must not open the breaker of a test
 * that expects Redis to answer.
 */
function appWithRedis(url: string, options: { commandTimeoutMs?: number; breakerMs?: number } = {}) {
  const logger = recordingLogger();
  const redis = RedisCache.connect({
    url,
    commandTimeoutMs: options.commandTimeoutMs ?? 1000,
    breakerMs: options.breakerMs ?? 500,
    logger,
  });
  const answers = new AnswerCache(new MemoryLru({ maxEntries: 100, maxBytes: 10_000_000 }), redis, {
    ttlSeconds: 60,
    logger,
  });
  const { app } = createTestApp({ answers });
  return { app, redis, logger };
}

const equivalence = (asOf: string) => `/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&asOf=${asOf}`;

describe.skipIf(!installed)("Redis as the shared L2 cache (real redis-server)", () => {
  let server: TestRedis | undefined;
  let url = process.env.REDIS_URL ?? "";

  beforeAll(async () => {
    if (!url) {
      server = await startRedis();
      url = server.url;
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a second process reads the first one's answer from Redis, under a key holding the catalog digest", async () => {
    const one = appWithRedis(url);
    const two = appWithRedis(url);
    await eventually(() => one.redis.health().status === "up" && two.redis.health().status === "up", "both connected");
    const asOf = "2026-07-0" + Math.floor(Math.random() * 9 + 1); // a key no earlier run left behind
    const first = await one.app.request(equivalence(asOf));
    expect(first.headers.get("x-cache")).toBe("miss");
    const body = await expectBody(first, EquivalenceAnswer);

    const probe = new Redis(url);
    const key = `kakehashi:${body.provenance.catalogDigest}:equivalence:jc-star:STAR-1|sg-cls|${asOf}|`;
    await eventually(async () => (await probe.exists(key)) === 1, "the L2 write to land");
    expect(await probe.ttl(key)).toBeGreaterThan(0);
    await probe.quit();

    const second = await two.app.request(equivalence(asOf));
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(await expectBody(second, EquivalenceAnswer)).toEqual(body);
    await Promise.all([one.redis.close(), two.redis.close()]);
  });

  it("reports the shared cache as up in /readyz", async () => {
    const { app, redis } = appWithRedis(url);
    await eventually(() => redis.health().status === "up", "connected");
    const ready = await expectBody(await app.request("/readyz"), Readiness);
    expect(ready.status).toBe("ok");
    // Named for its role, as README and the document say, whichever cache fills it: "shared-cache".
    expect(ready.components).toContainEqual({ name: "shared-cache", status: "up", detail: "redis" });
    await redis.close();
  });
});

describe.skipIf(!installed)("a Redis outage (own redis-server, stopped mid-run)", () => {
  let server: TestRedis;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("keeps answering when Redis is killed, shows the outage in the log and /readyz, and recovers", async () => {
    const { app, redis, logger } = appWithRedis(server.url);
    await eventually(() => redis.health().status === "up", "connected");
    expect((await app.request(equivalence("2026-08-01"))).status).toBe(200);

    await server.kill();
    await eventually(() => redis.health().status === "down", "the client to notice");
    for (let day = 10; day < 30; day++) {
      const response = await app.request(equivalence(`2026-08-${day}`));
      expect(response.status).toBe(200);
      expect(response.headers.get("x-cache")).toBe("miss");
    }
    const ready = await expectBody(await app.request("/readyz"), Readiness);
    expect(ready.status).toBe("degraded");
    expect(ready.components.find((c) => c.name === "shared-cache")?.status).toBe("down");
    // The outage is logged once, as a transition, not once per request.
    expect(logger.lines.filter((l) => l.message?.startsWith("redis unavailable"))).toHaveLength(1);
    // Catalog routes never touch Redis at all.
    expect((await app.request("/v1/schemes/jc-star")).status).toBe(200);

    await server.restart();
    await eventually(() => redis.health().status === "up", "reconnection", 400);
    expect(logger.lines.some((l) => l.message?.startsWith("redis reachable again"))).toBe(true);
    expect((await expectBody(await app.request("/readyz"), Readiness)).status).toBe("ok");
    await redis.close();
  });

  it("a Redis that hangs costs one command timeout, then the breaker skips it", async () => {
    const { app, redis } = appWithRedis(server.url, { commandTimeoutMs: 100, breakerMs: 60_000 });
    await eventually(() => redis.health().status === "up", "connected");
    server.freeze();
    try {
      const first = await app.request(equivalence("2026-09-01"));
      expect(first.status).toBe(200);
      expect(redis.counters.failures).toBe(1); // the one read that timed out
      const skippedBefore = redis.counters.skipped;
      for (let day = 10; day < 20; day++) {
        expect((await app.request(equivalence(`2026-09-${day}`))).status).toBe(200);
      }
      // No further command was sent (and so none waited): every later read and write was skipped at once.
      expect(redis.counters.failures).toBe(1);
      expect(redis.counters.skipped - skippedBefore).toBeGreaterThanOrEqual(10);
    } finally {
      server.thaw();
    }
    await redis.close();
  });

  it("after a timeout, the breaker closes again and recovery is logged once Redis answers", async () => {
    // 300 ms, not less: once Redis thaws, a command slower than the timeout on a loaded machine would open the breaker a
    // second time, and the test counts the lines that say so.
    const { app, redis, logger } = appWithRedis(server.url, { commandTimeoutMs: 300, breakerMs: 400 });
    await eventually(() => redis.health().status === "up", "connected");
    server.freeze();
    try {
      expect((await app.request(equivalence("2026-10-01"))).status).toBe(200);
      expect(redis.health().status).toBe("down");
    } finally {
      server.thaw();
    }
    await new Promise((r) => setTimeout(r, 450)); // the breaker's window
    expect((await app.request(equivalence("2026-10-02"))).status).toBe(200);
    await eventually(() => redis.health().status === "up", "the breaker to close");
    expect(logger.lines.filter((l) => l.message?.startsWith("redis unavailable"))).toHaveLength(1);
    expect(logger.lines.filter((l) => l.message?.startsWith("redis reachable again"))).toHaveLength(1);
    await redis.close();
  });
});
