import { parseArgs } from "node:util";
import { migrateStore } from "../store/migrate.ts";
import { connectRedis, parseClusterNodes, type RedisClient, redisTarget } from "../store/redis-connection.ts";

/**
 * `npm run store:migrate -- --from redis://old:6379 --to host1:7000,host2:7000 --partitions 16`: copies a record
 * store into a Redis Cluster's partitioned layout (src/store/migrate.ts; docs/scaling.md, "Moving a store onto a
 * cluster"). Safe to run again: it carries on after an interruption and copies nothing twice.
 */
const usage = `usage: npm run store:migrate -- [--from URL] [--from-partitions M] [--to SEEDS|URL] [--partitions N] [--batch B]

Copies the record store (records, their indexes, the change feed with its ids) into a Redis Cluster's layout,
then counts both sides.

  --from URL           the source: redis://… or rediss://… (a single node), or redis+cluster://host:port
                       (default: $REDIS_URL)
  --from-partitions M  the source's partition count, when the source is a cluster
  --to SEEDS|URL       the target cluster: host:port,host:port,… or redis+cluster://[user:password@]host:port
                       (default: $REDIS_CLUSTER_NODES)
  --partitions N       the target's partition count (default: $REDIS_CLUSTER_PARTITIONS, else 16); the servers
                       must then run with the same REDIS_CLUSTER_PARTITIONS
  --batch B            records per batch (default 500)
  -h, --help           this text

Exit status: 0 copied and verified; 1 the counts do not match, or the copy failed (run it again: it resumes);
2 bad arguments.`;

function fail(message: string): never {
  process.stderr.write(`kakehashi store:migrate: ${message}\n${usage}\n`);
  process.exit(2);
}

function options() {
  try {
    return parseArgs({
      options: {
        from: { type: "string" },
        "from-partitions": { type: "string" },
        to: { type: "string" },
        partitions: { type: "string" },
        batch: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

function count(text: string | undefined, name: string, fallback: number | undefined): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 256) fail(`${name} must be a whole number from 1 to 256`);
  return value;
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const fromUrl = values.from ?? process.env.REDIS_URL;
  if (!fromUrl) fail("--from (or REDIS_URL) names the source");
  const toText = values.to ?? process.env.REDIS_CLUSTER_NODES;
  if (!toText) fail("--to (or REDIS_CLUSTER_NODES) names the target cluster");
  const fromTarget = (() => {
    try {
      return redisTarget({ REDIS_URL: fromUrl });
    } catch {
      fail(`--from ${fromUrl.slice(0, 80)} is not a redis URL`);
    }
  })();
  const toTarget = (() => {
    try {
      return /^redis\+cluster:/.test(toText)
        ? redisTarget({ REDIS_URL: toText })
        : parseClusterNodes(toText)
          ? redisTarget({ REDIS_CLUSTER_NODES: toText })
          : undefined;
    } catch {
      return undefined;
    }
  })();
  if (!fromTarget) fail("--from names no source");
  if (toTarget?.kind !== "cluster") fail(`--to ${toText.slice(0, 80)} is not a cluster's seed list or URL`);
  const fromPartitions = count(values["from-partitions"], "--from-partitions", undefined);
  if (fromTarget.kind === "cluster" && fromPartitions === undefined) {
    fail("--from-partitions: a cluster source needs its partition count");
  }
  const partitions = count(values.partitions ?? process.env.REDIS_CLUSTER_PARTITIONS, "--partitions", 16) as number;
  const batch = count(values.batch, "--batch", 500);

  const connection = { maxRetriesPerRequest: 3, commandTimeout: 30_000 };
  const clients: RedisClient[] = [connectRedis(fromTarget, connection), connectRedis(toTarget, connection)];
  const [source, target] = clients as [RedisClient, RedisClient];
  let lastSaid = 0;
  const say = (line: string, always = false) => {
    if (!always && Date.now() - lastSaid < 5000) return;
    lastSaid = Date.now();
    process.stderr.write(`${line}\n`);
  };
  try {
    const report = await migrateStore({
      source: { client: source, ...(fromTarget.kind === "cluster" ? { partitions: fromPartitions } : {}) },
      target: { client: target, partitions },
      ...(batch !== undefined ? { batch } : {}),
      onProgress: (progress) => {
        if (progress.phase === "records") say(`records: ${progress.copied} copied, up to ${progress.after}`);
        if (progress.phase === "feed") say(`feed: ${progress.copied} entries copied`);
        if (progress.phase === "verify") say("counting both sides", true);
      },
    });
    const lines = [
      `records copied: ${report.records.copied}; kept ${report.records.keptNewer} newer on the target`,
      ...(report.records.notHashes.length > 0
        ? [
            `${report.records.notHashes.length} record values are not hashes (corrupt), copied as they are for quarantine: ` +
              report.records.notHashes.slice(0, 5).join(", "),
          ]
        : []),
      `feed entries copied: ${report.feed.copied} (${report.feed.alreadyThere} already there, ${report.feed.renumbered} renumbered)`,
      ...Object.entries(report.counts).map(
        ([name, { source: s, target: t }]) => `${name}: source ${s}, target ${t}${t >= s ? "" : "  <-- MISSING"}`,
      ),
      report.ok
        ? `verified: every count on the target reaches the source's; start the servers with REDIS_CLUSTER_PARTITIONS=${partitions}`
        : "NOT verified: the target holds fewer than the source (was the source written to meanwhile? run again)",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(
      `kakehashi store:migrate: ${error instanceof Error ? error.message : String(error)} — run it again to resume\n`,
    );
    return 1;
  } finally {
    for (const client of clients) client.disconnect();
  }
}

process.exitCode = await main();
