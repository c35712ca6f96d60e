import { Redis } from "ioredis";
import { RedisRecordStore } from "../src/store/redis.ts";
import { startRedis } from "../test/helpers/redis-server.ts";
import type { StoreTarget, StoreTargetMemory } from "./store-bench.ts";

/**
 * The targets `npm run bench:store` can measure. Each is a StoreTargetFactory: it starts what it needs, builds the
 * record store on it, and stops it all in stop(). A Redis Cluster target belongs here as one more factory (start the
 * nodes, `redis-cli --cluster create`, build the store on ioredis' Cluster client, sum INFO memory over the masters).
 */

/**
 * One redis-server the bench starts itself: a free loopback port, a temporary data directory (removed at the end),
 * persistence as the service requires of a durable store (REDIS_REQUIRE_DURABLE: appendonly yes, appendfsync
 * always; no RDB snapshots, as test/helpers/redis-server.ts runs it).
 */
export async function singleNodeRedis(): Promise<StoreTarget> {
  const server = await startRedis({ durable: true });
  const client = new Redis(server.url);
  const store = new RedisRecordStore(client);
  return {
    store,
    describe: async () => {
      const version = /redis_version:(\S+)/.exec(await client.info("server"))?.[1] ?? "unknown";
      const durability = await store.checkDurability();
      return `redis-server ${version}, single node, ${durability.detail}`;
    },
    memory: () => infoMemory(client),
    stop: async () => {
      client.disconnect();
      await server.stop();
    },
  };
}

/** used_memory, used_memory_rss and the append-only file's size, from one node's INFO. */
export async function infoMemory(client: Redis): Promise<StoreTargetMemory> {
  const info = `${await client.info("memory")}\n${await client.info("persistence")}`;
  const field = (name: string) => {
    const found = new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1];
    return found === undefined ? undefined : Number(found);
  };
  const aofBytes = field("aof_current_size");
  return {
    usedMemory: field("used_memory") ?? Number.NaN,
    ...(field("used_memory_rss") !== undefined ? { rss: field("used_memory_rss") } : {}),
    ...(aofBytes !== undefined ? { aofBytes } : {}),
  };
}
