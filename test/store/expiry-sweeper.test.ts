import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readiness } from "../../src/contracts/api.ts";
import { startExpirySweeps } from "../../src/store/expiry-sweeper.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { expectBody } from "../api/api-suite.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestApp, fixedClock, recordingLogger } from "../helpers/test-app.ts";

describe("/readyz names the record store", () => {
  it("up for the memory store, disabled where records are not served", async () => {
    const withStore = createTestApp({ records: new MemoryRecordStore() }).app;
    const ready = await expectBody(await withStore.request("/readyz"), Readiness);
    expect(ready.components).toContainEqual(expect.objectContaining({ name: "record-store", status: "up" }));
    const without = await expectBody(await createTestApp().app.request("/readyz"), Readiness);
    expect(without.components).toContainEqual(expect.objectContaining({ name: "record-store", status: "disabled" }));
  });
});

describe.skipIf(!redisServerInstalled())("expiry sweeps on Redis", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("the first sweep waits for the store to be ready instead of failing at start", async () => {
    // As the Node entry builds it: no offline queue, so a command before the connection is up fails.
    const client = new Redis(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const logger = recordingLogger();
    try {
      const sweeps = startExpirySweeps({
        records: new RedisRecordStore(client),
        logger,
        clock: fixedClock("2026-11-25"),
        ready: new Promise<void>((resolve) => client.once("ready", () => resolve())),
        reachable: () => client.status === "ready",
      });
      await sweeps.first;
      sweeps.stop();
      expect(logger.lines.filter((l) => l.level === "warn")).toEqual([]);
      expect(logger.lines.map((l) => l.message)).toContain("expiry sweep done");
    } finally {
      client.disconnect();
    }
  });

  it("the Node entry's first sweep runs once Redis is ready: no failure logged at start", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/node.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", PORT: "0", REDIS_URL: redis.url, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await eventually(() => output.includes("expiry sweep"), "the first sweep's log line", 1000);
      expect(output).toContain('"msg":"expiry sweep done"');
      expect(output).not.toContain("expiry sweep failed");
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);

  it("/readyz shows the Redis record store down while Redis is, and up again after", async () => {
    const client = new Redis(redis.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 50,
    });
    client.on("error", () => {});
    try {
      await eventually(() => client.status === "ready", "redis ready");
      const { app } = createTestApp({ records: new RedisRecordStore(client) });
      const component = async () =>
        (await expectBody(await app.request("/readyz"), Readiness)).components.find((x) => x.name === "record-store");
      expect((await component())?.status).toBe("up");
      await redis.kill();
      await eventually(() => client.status !== "ready", "client notices");
      const answer = await app.request("/readyz");
      // Without its record store the origin is not ready: 503, so a load balancer stops sending.
      expect(answer.status).toBe(503);
      const down = await expectBody(answer, Readiness);
      expect(down.status).toBe("unavailable");
      expect((await component())?.status).toBe("down");
      await redis.restart();
      await eventually(() => client.status === "ready", "reconnected");
      expect((await component())?.status).toBe("up");
    } finally {
      client.disconnect();
    }
  });
});
