import { Cluster, type ClusterNode, Redis, type RedisOptions } from "ioredis";

/**
 * Where the Redis behind the store and the shared cache is: one node (REDIS_URL redis:// or rediss://, the default)
 * or a Redis Cluster (REDIS_CLUSTER_NODES, or REDIS_URL redis+cluster://host:port with one seed node; ioredis finds
 * the others). Both are driven by ioredis: Cluster follows MOVED and ASK redirections and a failover's new slot map.
 */
export type RedisClient = Redis | Cluster;

export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: ClusterNode[]; password?: string; username?: string; tls: boolean };

/** host:port pairs, comma-separated; undefined when one is malformed (the env schema refuses those). */
export function parseClusterNodes(text: string): { host: string; port: number }[] | undefined {
  const nodes = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry))
    .map((found) =>
      found ? { host: (found[1] as string).replace(/^\[|\]$/g, ""), port: Number(found[2]) } : undefined,
    );
  if (nodes.length === 0 || nodes.some((node) => node === undefined || node.port < 1 || node.port > 65535)) {
    return undefined;
  }
  return nodes as { host: string; port: number }[];
}

export function redisTarget(env: {
  REDIS_URL?: string | undefined;
  REDIS_CLUSTER_NODES?: string | undefined;
}): RedisTarget | undefined {
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = parseClusterNodes(env.REDIS_CLUSTER_NODES) ?? [];
    const url = env.REDIS_URL ? new URL(env.REDIS_URL) : undefined;
    return { kind: "cluster", nodes, ...credentials(url), tls: url?.protocol === "rediss:" };
  }
  if (!env.REDIS_URL) return undefined;
  const url = new URL(env.REDIS_URL);
  if (url.protocol !== "redis+cluster:") return { kind: "single", url: env.REDIS_URL };
  const nodes = [{ host: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || 6379) }];
  return { kind: "cluster", nodes, ...credentials(url), tls: false };
}

function credentials(url: URL | undefined): { password?: string; username?: string } {
  return {
    ...(url?.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url?.username ? { username: decodeURIComponent(url.username) } : {}),
  };
}

/**
 * A client for `target` with `options` applied to every node's connection. On a cluster, reads go to masters (a
 * replica may lag behind an acknowledged write) and redirections are followed up to 16 times.
 */
export function connectRedis(target: RedisTarget, options: RedisOptions): RedisClient {
  if (target.kind === "single") return new Redis(target.url, options);
  return new Cluster(target.nodes, {
    scaleReads: "master",
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    ...(options.lazyConnect ? { lazyConnect: true } : {}),
    clusterRetryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
    redisOptions: {
      ...options,
      ...(target.password ? { password: target.password } : {}),
      ...(target.username ? { username: target.username } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}

/** The name the store's write connection gives itself (CLIENT SETNAME): CLIENT LIST shows which one waits. */
export const WRITE_CONNECTION_NAME = "kakehashi-record-writes";

/**
 * A second client like `client` (same nodes and options, not yet its scripts) for the record writes that WAIT
 * (RedisRecordStoreOptions.writeClient), named so that CLIENT LIST tells it from the others.
 */
export function writeConnection(client: RedisClient): RedisClient {
  if (!(client instanceof Cluster)) return client.duplicate({ connectionName: WRITE_CONNECTION_NAME });
  return client.duplicate([], {
    redisOptions: { ...client.options.redisOptions, connectionName: WRITE_CONNECTION_NAME },
  });
}
