import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedGlobalFetch } from "../helpers/checked-fetch.ts";
import { redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { spawnServer } from "../helpers/spawn-server.ts";

/**
 * WORKERS=2: the entry forks two server processes sharing the port (node:cluster) and serves from both; SIGTERM to
 * the primary drains every worker and the whole exits 0. Records need Redis when there is more than one process.
 */
const installed = redisServerInstalled();
const fetch = checkedGlobalFetch(globalThis.fetch, () => true);

describe.skipIf(!installed)("WORKERS=2 (node:cluster)", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("starts two workers on one port, serves, and on SIGTERM drains both and exits 0", async () => {
    const server = await spawnServer({ WORKERS: "2", REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: "2000" });
    try {
      // Both workers say where they listen: the same port.
      await server.waitForLine(/kakehashi listening/);
      // The second worker's line can come a flush (1 s) or more after the first's: poll up to the test's own guard.
      await expect
        .poll(() => server.lines.filter((l) => /kakehashi listening/.test(String(l.msg))).length, { timeout: 30_000 })
        .toBe(2);
      const ports = new Set(server.lines.filter((l) => /kakehashi listening/.test(String(l.msg))).map((l) => l.port));
      expect(ports).toEqual(new Set([server.port]));
      const answer = await fetch(`${server.origin}/healthz`, { headers: { connection: "close" } });
      expect(answer.status).toBe(200);
      server.child.kill("SIGTERM");
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.lines.filter((l) => l.msg === "shutting down")).toHaveLength(2);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
