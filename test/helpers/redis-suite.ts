import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { startRedis, type TestRedis } from "./redis-server.ts";

/**
 * A redis-server and one ioredis client for the enclosing `describe`: started before its tests, stopped after. Read
 * `.client` / `.redis` inside tests and hooks (they exist once the suite has started).
 */
export function redisClientPerSuite(options: { durable?: boolean } = {}): {
  readonly client: Redis;
  readonly redis: TestRedis;
} {
  let redis: TestRedis | undefined;
  let client: Redis | undefined;
  beforeAll(async () => {
    redis = await startRedis(options);
    client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("redisClientPerSuite: the suite has not started");
    return value;
  };
  return {
    get client() {
      return started(client);
    },
    get redis() {
      return started(redis);
    },
  };
}
