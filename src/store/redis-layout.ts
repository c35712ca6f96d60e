import type { RedisClient } from "./redis-connection.ts";
import { clusterPartitions, partitionOf } from "./redis-keys.ts";

/**
 * The cluster layout's partition count is part of the data: a record lives in partition FNV("scheme|id") mod N, and
 * the feed is N streams. A store started with another N would look for records in the wrong partitions and read a
 * feed that misses whole streams — silently. So the count is written into the cluster the first time a store starts
 * (LAYOUT_KEY, its own hash tag) and every later start compares its REDIS_CLUSTER_PARTITIONS with it: a different
 * count refuses to start (src/node-server.ts) and the store answers nothing (each operation throws LayoutMismatch,
 * a 503 at the API) rather than wrong answers.
 *
 * Data written before the marker existed: the records say their count. Each partition's first listing entries must be
 * in the partition their id hashes to; the counts that place every sampled record where it is are the candidates.
 */
export const LAYOUT_KEY = "kakehashi:{kakehashi:layout}:partitions";

/** The most partitions REDIS_CLUSTER_PARTITIONS allows (src/env.ts), so the most a store may have written. */
const MAX_PARTITIONS = 256;
const SAMPLES_PER_PARTITION = 20;

export class LayoutMismatch extends Error {
  constructor(
    readonly stored: number | undefined,
    readonly configured: number,
    how: string,
  ) {
    const was = stored === undefined ? "another partition count" : `${stored} partitions`;
    super(
      `the cluster's records were written with ${was} (${how}), but REDIS_CLUSTER_PARTITIONS is ${configured}: ` +
        `${stored === undefined ? "set it to the count they were written with" : `set REDIS_CLUSTER_PARTITIONS=${stored}`}; ` +
        "changing the count means copying the records into the new layout (npm run store:migrate)",
    );
    this.name = "LayoutMismatch";
  }
}

/**
 * Checks `partitions` against the count stored in the cluster, writing it there when there is none (and the records,
 * if any, agree). Throws LayoutMismatch on a different count; a Redis error is thrown as it is (checked again later).
 */
export async function checkPartitionLayout(client: RedisClient, partitions: number): Promise<void> {
  let stored = await client.get(LAYOUT_KEY);
  if (stored === null) {
    const fits = await countsTheRecordsFit(client);
    if (fits !== undefined && !fits.includes(partitions)) {
      throw new LayoutMismatch(fits.length === 1 ? fits[0] : undefined, partitions, "as the records' places say");
    }
    // Two stores starting at once with different counts: one marker wins, and the other reads it back.
    await client.set(LAYOUT_KEY, String(partitions), "NX");
    stored = await client.get(LAYOUT_KEY);
  }
  if (Number(stored) !== partitions) {
    throw new LayoutMismatch(Number(stored), partitions, `as ${LAYOUT_KEY} records`);
  }
}

/** Writes the count outright: for the migration tool, which lays the records out in `partitions` itself. */
export async function writePartitionLayout(client: RedisClient, partitions: number): Promise<void> {
  await client.set(LAYOUT_KEY, String(partitions));
}

/** The partition counts that place every sampled record where it is; undefined when there are no records. */
async function countsTheRecordsFit(client: RedisClient): Promise<number[] | undefined> {
  const parts = clusterPartitions(MAX_PARTITIONS);
  const samples = await Promise.all(
    parts.map((part) => client.zrangebylex(part.listing, "-", "+", "LIMIT", 0, SAMPLES_PER_PARTITION)),
  );
  const placed = samples.flatMap((members, index) =>
    members.map((member) => {
      const [scheme = "", ...rest] = member.split("|");
      return { index, scheme, id: rest.join("|") };
    }),
  );
  if (placed.length === 0) return undefined;
  const fits: number[] = [];
  for (let count = 1; count <= MAX_PARTITIONS; count++) {
    if (placed.every(({ index, scheme, id }) => partitionOf(scheme, id, count) === index)) fits.push(count);
  }
  return fits;
}

/**
 * At start: why the store must not serve (a LayoutMismatch's message), or undefined. Waits up to `waitMs` for the
 * client to connect; a cluster that cannot be reached, or answers with an error, does not stop the start — the store
 * checks again before its first operation and answers nothing until the count is known to match.
 */
export async function layoutRefusal(
  check: () => Promise<void>,
  connected: () => boolean,
  waitMs: number,
): Promise<string | undefined> {
  const until = Date.now() + waitMs;
  while (!connected() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!connected()) return undefined;
  try {
    await check();
    return undefined;
  } catch (error) {
    return error instanceof LayoutMismatch ? error.message : undefined;
  }
}
