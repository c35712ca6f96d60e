import { type Cluster, Redis } from "ioredis";
import { RedisRecordStore } from "../src/store/redis.ts";
import { connectRedis } from "../src/store/redis-connection.ts";
import { startCluster } from "../test/helpers/redis-cluster.ts";
import { startRedis } from "../test/helpers/redis-server.ts";
import type { StoreTarget, StoreTargetMemory } from "./store-bench.ts";

/**
 * The targets `npm run bench:store` can measure. Each is a StoreTargetFactory: it starts what it needs, builds the
 * record store on it, and stops it all in stop().
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
    bulk: (on) => bulkPersistence([client], on),
    settle: () => awaitRewrites([client]),
    cpuSeconds: () => cpuSeconds([client]),
    stop: async () => {
      client.disconnect();
      await server.stop();
    },
  };
}

/**
 * A Redis Cluster of 3 masters and 3 replicas the bench starts itself (as the cluster tests do: redis-server processes
 * on loopback ports, AOF with fsync always), the store in its partitioned layout (REDIS_CLUSTER_PARTITIONS, 16 by
 * default) with REDIS_WAIT_REPLICAS=1 as a deployment that must not lose writes runs it. Memory is summed over the
 * masters (the replicas hold the same again).
 */
export function redisCluster(partitions: number): () => Promise<StoreTarget> {
  return async () => {
    const cluster = await startCluster();
    const client = connectRedis({ kind: "cluster", nodes: cluster.nodes, tls: false }, {}) as Cluster;
    await new Promise((resolve) => client.once("ready", resolve));
    const store = new RedisRecordStore(client, { partitions, waitReplicas: 1, waitTimeoutMs: 5000 });
    const masters = async () => {
      const ports = new Set<number>();
      for (const probe of [0, 6000, 12000]) ports.add((await cluster.shardOf(probe)).master);
      return [...ports].map((port) => cluster.connect(port));
    };
    return {
      store,
      describe: async () => {
        const durability = await store.checkDurability();
        return `redis cluster, 3 masters + 3 replicas, ${partitions} partitions, WAIT 1, ${durability.detail}`;
      },
      memory: async () => {
        const nodes = await masters();
        try {
          const each = await Promise.all(nodes.map((node) => infoMemory(node)));
          const total = (pick: (m: StoreTargetMemory) => number | undefined) =>
            each.every((m) => pick(m) !== undefined) ? each.reduce((sum, m) => sum + (pick(m) ?? 0), 0) : undefined;
          const rss = total((m) => m.rss);
          const aofBytes = total((m) => m.aofBytes);
          return {
            usedMemory: total((m) => m.usedMemory) ?? Number.NaN,
            ...(rss !== undefined ? { rss } : {}),
            ...(aofBytes !== undefined ? { aofBytes } : {}),
          };
        } finally {
          for (const node of nodes) node.disconnect();
        }
      },
      // Every node, replicas included: they fsync and spend CPU on each write too.
      bulk: async (on) => {
        const nodes = cluster.nodes.map((node) => cluster.connect(node.port));
        try {
          return `${await bulkPersistence(nodes, on)} on all ${nodes.length} nodes`;
        } finally {
          for (const node of nodes) node.disconnect();
        }
      },
      settle: async () => {
        const nodes = cluster.nodes.map((node) => cluster.connect(node.port));
        try {
          return `${await awaitRewrites(nodes)} (all ${nodes.length} nodes)`;
        } finally {
          for (const node of nodes) node.disconnect();
        }
      },
      cpuSeconds: async () => {
        const nodes = cluster.nodes.map((node) => cluster.connect(node.port));
        try {
          return await cpuSeconds(nodes);
        } finally {
          for (const node of nodes) node.disconnect();
        }
      },
      stop: async () => {
        client.disconnect();
        await cluster.stop();
      },
    };
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

/**
 * Bulk loading: `appendfsync everysec` (the AOF still written, fsynced once a second) instead of `always`; restoring
 * sets `always` again and waits until no AOF rewrite runs or is scheduled, so the samples see the server as it runs.
 */
export async function bulkPersistence(nodes: Redis[], on: boolean): Promise<string> {
  await Promise.all(nodes.map((node) => node.config("SET", "appendfsync", on ? "everysec" : "always")));
  if (on) return "appendfsync everysec";
  return `appendfsync always; ${await awaitRewrites(nodes)}`;
}

/**
 * Waits until no AOF rewrite runs or is scheduled on any node. Redis starts one on its own when the file has doubled
 * since the last (auto-aof-rewrite-percentage 100): a fork of the whole dataset and a child writing it out, on the
 * same cores and disk as the server, which a load of a million records can end in the middle of.
 */
export async function awaitRewrites(nodes: Redis[]): Promise<string> {
  const started = performance.now();
  let running = false;
  for (;;) {
    const infos = await Promise.all(nodes.map((node) => node.info("persistence")));
    if (infos.every((info) => /^aof_rewrite_in_progress:0/m.test(info) && /^aof_rewrite_scheduled:0/m.test(info)))
      break;
    running = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return running
    ? `waited ${((performance.now() - started) / 1000).toFixed(1)} s for an AOF rewrite to end`
    : "no AOF rewrite running";
}

/** CPU seconds (user + sys) the servers have used since they started, from INFO cpu. */
export async function cpuSeconds(nodes: Redis[]): Promise<number> {
  const infos = await Promise.all(nodes.map((node) => node.info("cpu")));
  let total = 0;
  for (const info of infos) {
    for (const name of ["used_cpu_sys", "used_cpu_user"]) {
      total += Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? Number.NaN);
    }
  }
  return total;
}
