import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Cluster, Redis } from "ioredis";
import { connectRedis, writeConnection } from "../../src/store/redis-connection.ts";
import { eventually, freePort, waitForPing } from "./redis-server.ts";

const run = promisify(execFile);

/**
 * A real Redis Cluster for tests: 3 masters and 3 replicas (`redis-cli --cluster create … --cluster-replicas 1`),
 * redis-server processes on free loopback ports, data under one temporary directory; stop() ends every process it
 * started and removes the directory. Start one per test file: creating it takes a few seconds.
 */
export interface TestCluster {
  nodes: { host: string; port: number }[];
  /** "127.0.0.1:p1,127.0.0.1:p2,…", as REDIS_CLUSTER_NODES takes it. */
  seeds: string;
  /** A plain connection to one node (for CLUSTER commands). */
  connect(port: number): Redis;
  /** The port of the master serving `slot`, and of its replica (undefined while the slot map names none). */
  shardOf(slot: number): Promise<{ master: number; replica: number | undefined }>;
  /** SIGKILL of the node on `port`, as in a crash. */
  kill(port: number): Promise<void>;
  /** Starts a killed node again on its port, with its data directory (its AOF and nodes.conf), as a supervisor would. */
  restart(port: number): Promise<void>;
  /**
   * Waits until every live node says cluster_state:ok and each slot's master is one of the live nodes; with
   * `replicas`, also until every master has a replica in sync.
   */
  settled(options?: { replicas?: boolean }): Promise<void>;
  /**
   * Starts moving `slot` from its master to the master on `to`, as `redis-cli --cluster reshard` does: CLUSTER SETSLOT
   * IMPORTING on the target, MIGRATING on the source. Keys then move with moveKeys (MIGRATE … KEYS) — any subset, so
   * a test can hold the slot half-moved — and finish() moves the rest and assigns the slot (SETSLOT NODE everywhere).
   */
  reshard(slot: number, to: number): Promise<Reshard>;
  stop(): Promise<void>;
}

export interface Reshard {
  from: number;
  to: number;
  /** The slot's keys still on the source. */
  keysLeft(): Promise<string[]>;
  moveKeys(keys: string[]): Promise<void>;
  /** Moves the rest and hands the slot over; once (a test's finally may call it again). */
  finish(): Promise<void>;
}

/**
 * Two free ports apart by 10000: the cluster bus listens on port + 10000. Both below 32768, where Linux's ephemeral
 * range starts (32768–60999 here): a node restarted on its port after seconds must not find it taken by one of the
 * many outgoing connections the suite opens meanwhile.
 */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    try {
      await freePort(port);
      await freePort(port + 10_000);
      taken.add(port);
      taken.add(port + 10_000);
      return port;
    } catch {
      // in use: try another
    }
  }
  throw new Error("no free port pair for a cluster node");
}

export async function startCluster(options: { nodeTimeoutMs?: number } = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-cluster-"));
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let i = 0; i < 6; i++) ports.push(await clusterPort(taken));
  const children = new Map<number, ChildProcess>();
  const launch = (port: number) => {
    const data = join(dir, String(port));
    mkdirSync(data, { recursive: true });
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        data,
        "--save",
        "",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        "nodes.conf",
        "--cluster-node-timeout",
        String(options.nodeTimeoutMs ?? 1500),
        // A master starts a replica's full sync at once instead of waiting 5 s for more replicas to share it.
        "--repl-diskless-sync-delay",
        "0",
        // CLUSTER SLOTS names a replica only once its replication offset is above 0, which the master's first
        // replication ping (every 10 s by default) makes it: until then a client's slot map has no replica.
        "--repl-ping-replica-period",
        "1",
      ],
      { stdio: "ignore" },
    );
    children.set(port, child);
  };
  for (const port of ports) launch(port);
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(ports.map((port) => waitForPing(port)));
    await run(
      "redis-cli",
      ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
      { timeout: 60_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const connect = (port: number) => new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 0, lazyConnect: false });
  const live = () => ports.filter((port) => children.get(port)?.exitCode === null && !children.get(port)?.signalCode);
  const ask = async <T>(port: number, command: (client: Redis) => Promise<T>): Promise<T> => {
    const client = connect(port);
    client.on("error", () => {});
    try {
      return await command(client);
    } finally {
      client.disconnect();
    }
  };
  const settled = async (settle: { replicas?: boolean } = {}) => {
    await eventually(
      async () => {
        for (const port of live()) {
          const info = await ask(port, (c) => c.cluster("INFO")).catch(() => "");
          if (!/cluster_state:ok/.test(String(info))) return false;
        }
        const slots = (await ask(live()[0] as number, (c) => c.cluster("SLOTS"))) as unknown as [
          number,
          number,
          [string, number],
        ][];
        if (!slots.every((range) => live().includes(Number(range[2][1])))) return false;
        if (!settle.replicas) return true;
        // Every node's slot map names a replica for every range (gossip takes a moment to spread it)…
        for (const port of live()) {
          const map = (await ask(port, (c) => c.cluster("SLOTS")).catch(() => [])) as unknown[][];
          if (map.length === 0 || map.some((range) => range.length < 4)) return false;
        }
        // …and each replica is in sync.
        for (const [, , [, port]] of slots) {
          const info = String(await ask(Number(port), (c) => c.info("replication")).catch(() => ""));
          if (!/slave0:.*state=online/.test(info)) return false;
        }
        return true;
      },
      "the cluster to settle",
      400,
    );
  };
  await settled({ replicas: true });
  const shardOf = async (slot: number) => {
    const slots = (await ask(live()[0] as number, (c) => c.cluster("SLOTS"))) as unknown as [
      number,
      number,
      ...[string, number][],
    ][];
    const range = slots.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`no shard serves slot ${slot}`);
    const [, , master, replica] = range;
    if (!master) throw new Error(`slot ${slot}: no master in ${JSON.stringify(range)}`);
    return { master: Number(master[1]), replica: replica ? Number(replica[1]) : undefined };
  };
  return {
    nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    seeds: ports.map((port) => `127.0.0.1:${port}`).join(","),
    connect,
    shardOf,
    kill: async (port) => {
      const child = children.get(port);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGKILL");
      await exited;
    },
    restart: async (port) => {
      const child = children.get(port);
      if (child && child.exitCode === null && child.signalCode === null) throw new Error(`node ${port} is running`);
      launch(port);
      await waitForPing(port);
    },
    settled,
    reshard: async (slot, to) => {
      const from = (await shardOf(slot)).master;
      const [fromId, toId] = await Promise.all([
        ask(from, (c) => c.cluster("MYID")),
        ask(to, (c) => c.cluster("MYID")),
      ]);
      await ask(to, (c) => c.cluster("SETSLOT", slot, "IMPORTING", String(fromId)));
      await ask(from, (c) => c.cluster("SETSLOT", slot, "MIGRATING", String(toId)));
      let finished = false;
      const keysLeft = () => ask(from, (c) => c.cluster("GETKEYSINSLOT", slot, 100_000) as Promise<string[]>);
      const moveKeys = async (keys: string[]) => {
        if (keys.length === 0) return;
        await ask(from, (c) => c.migrate("127.0.0.1", to, "", 0, 10_000, "KEYS", ...keys));
      };
      return {
        from,
        to,
        keysLeft,
        moveKeys,
        finish: async () => {
          if (finished) return;
          finished = true;
          await moveKeys(await keysLeft());
          // The order redis-cli uses: the target first, then the source, then everyone else.
          await ask(to, (c) => c.cluster("SETSLOT", slot, "NODE", String(toId)));
          await ask(from, (c) => c.cluster("SETSLOT", slot, "NODE", String(toId)));
          for (const port of live()) {
            if (port === to || port === from) continue;
            await ask(port, (c) => c.cluster("SETSLOT", slot, "NODE", String(toId))).catch(() => {});
          }
        },
      };
    },
    stop,
  };
}

/**
 * A cluster client configured as the Node entry configures the store's (src/node-server.ts: no offline queue, no
 * retries), ready to use; the caller disconnects it.
 */
export async function storeClusterClient(cluster: TestCluster, commandTimeout: number): Promise<Cluster> {
  const created = connectRedis(
    { kind: "cluster", nodes: cluster.nodes, tls: false },
    { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout },
  ) as Cluster;
  created.on("error", () => {});
  if (created.status !== "ready") await new Promise((resolve) => created.once("ready", resolve));
  return created;
}

/** The store's write connection under REDIS_WAIT_REPLICAS, as src/node-server.ts makes it, once ready. */
export async function readyDuplicate(client: Cluster): Promise<Cluster> {
  const created = writeConnection(client) as Cluster;
  created.on("error", () => {});
  if (created.status !== "ready") await new Promise((resolve) => created.once("ready", resolve));
  return created;
}
