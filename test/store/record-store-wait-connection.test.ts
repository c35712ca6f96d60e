import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WRITE_CONNECTION_NAME } from "../../src/store/redis-connection.ts";
import { startInProcess } from "../helpers/in-process-server.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";

const installed = redisServerInstalled();

/**
 * The Node entry gives the record writes that WAIT a connection of their own (src/node-server.ts), so reads never
 * queue behind a blocked WAIT (test/store/record-store.test.ts shows why), and closes it on shutdown with the others.
 */
describe.skipIf(!installed)("REDIS_WAIT_REPLICAS: the Node entry's write connection", () => {
  let server: TestRedis;
  let admin: Redis;
  const named = async () =>
    ((await admin.client("LIST")) as string)
      .split("\n")
      .filter((line) => line.includes(` name=${WRITE_CONNECTION_NAME} `)).length;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await server.stop();
  });

  it("opens it only when REDIS_WAIT_REPLICAS > 0, and closes it on shutdown", async () => {
    const plain = await startInProcess({ REDIS_URL: server.url });
    const waiting = await startInProcess({ REDIS_URL: server.url, REDIS_WAIT_REPLICAS: "1" });
    await eventually(async () => (await named()) === 1, "the write connection to open");
    await plain.stop();
    expect(await named()).toBe(1);
    await waiting.stop();
    await eventually(async () => (await named()) === 0, "the write connection to close");
  });
});
