import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readiness } from "../../src/contracts/api.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";
import { expectBody } from "./api-suite.ts";

/**
 * Readiness means able to serve: /readyz asks the record store (Redis) to answer a PING within the request deadline.
 * A frozen Redis (SIGSTOP: connections open, nothing answered — the client still thinks it is "ready") and a Redis
 * that is down are both a 503 naming the reason, so a load balancer stops sending record traffic there. The real
 * Node entry against a real redis-server.
 */
const installed = redisServerInstalled();
let redis: TestRedis;
let server: SpawnedServer;
beforeAll(async () => {
  if (!installed) return;
  redis = await startRedis();
  server = await spawnServer({ REDIS_URL: redis.url, REDIS_STORE_TIMEOUT_MS: "300" });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await redis?.stop();
});

const component = (body: { components: { name: string; status: string; detail?: string }[] }) =>
  body.components.find((x) => x.name === "record-store");

describe.skipIf(!installed)("/readyz pings the record store", () => {
  it("ok while Redis answers; 503 with the reason while it is frozen or down; ok again after", async () => {
    await eventually(async () => (await fetch(`${server.origin}/readyz`)).status === 200, "ready");

    redis.freeze();
    try {
      const frozen = await fetch(`${server.origin}/readyz`);
      expect(frozen.status).toBe(503);
      const body = await expectBody(frozen, Readiness);
      expect(body.status).toBe("unavailable");
      expect(component(body)).toMatchObject({ status: "down", detail: expect.stringMatching(/did not answer/) });
    } finally {
      redis.thaw();
    }
    await eventually(async () => (await fetch(`${server.origin}/readyz`)).status === 200, "ready after the thaw");

    await redis.kill();
    const down = await fetch(`${server.origin}/readyz`);
    expect(down.status).toBe(503);
    const body = await expectBody(down, Readiness);
    expect(body.status).toBe("unavailable");
    expect(component(body)?.status).toBe("down");

    await redis.restart();
    await eventually(async () => (await fetch(`${server.origin}/readyz`)).status === 200, "ready after the restart");
  }, 60_000);
});
