import type { Cluster, Redis } from "ioredis";
import { StoreConflict } from "./record-store.ts";
import type { RedisClient } from "./redis-connection.ts";
import type { Partition } from "./redis-keys.ts";
import { slotOf } from "./redis-slot.ts";

/**
 * The raw side of finding and quarantining undecodable record values on Redis: walking the record keys with SCAN,
 * reading values whatever their type, and moving one away only if it is still the value that was judged.
 */

/** A key's value as stored: its type, its fields when it is a hash, and its DUMP (null when the key is gone). */
export interface RawValue {
  type: string;
  hash: Record<string, string> | undefined;
  dump: Buffer | null;
}

/** SCAN cursors are unsigned 64-bit numbers; anything else never came from a `next`. */
const MAX_CURSOR = 2n ** 64n - 1n;
/** SCAN calls one page may make: COUNT is a hint, and a sparse keyspace can answer few keys a call. */
const MAX_ROUNDS = 10;

/** About `limit` record keys from `cursor` on (SCAN MATCH), and the cursor after them (null: the walk is done). */
export async function scanRecordKeys(
  client: Redis,
  part: Partition,
  cursor: string | undefined,
  limit: number,
): Promise<{ keys: string[]; next: string | null }> {
  let at = cursor ?? "0";
  if (!/^\d{1,20}$/.test(at) || BigInt(at) > MAX_CURSOR) {
    throw new StoreConflict("bad-cursor", "not a scan cursor: pass back the next of an earlier page");
  }
  const keys = new Set<string>();
  // SCAN may return a key twice across calls (while the keyspace is rehashed): a Set keeps a page free of repeats.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const [after, found] = await client.scan(at, "MATCH", part.recordKeyPattern, "COUNT", limit);
    for (const key of found) keys.add(key);
    at = after;
    if (at === "0" || keys.size >= limit) break;
  }
  return { keys: [...keys], next: at === "0" ? null : at };
}

/**
 * The cluster layout's walk: partition by partition, SCAN on the master that serves the partition's slot, matching
 * only that partition's record keys. The cursor is `<partition>:<scan cursor>`. A failover mid-walk may send a page
 * to a node that no longer serves the slot (it finds nothing there); walking again finds what was missed.
 */
export async function scanPartitionKeys(
  client: RedisClient,
  parts: Partition[],
  cursor: string | undefined,
  limit: number,
): Promise<{ keys: string[]; next: string | null }> {
  const found = /^(\d{1,3}):(\d{1,20})$/.exec(cursor ?? "0:0");
  const index = Number(found?.[1] ?? -1);
  const part = parts[index];
  if (!found || !part) {
    throw new StoreConflict("bad-cursor", "not a scan cursor: pass back the next of an earlier page");
  }
  const node = nodeForSlot(client as Cluster, slotOf(part.feed));
  const page = await scanRecordKeys(node, part, found[2], limit);
  // Only keys this partition's slot holds: a node serves other partitions too, each walked under its own.
  const keys = page.keys;
  if (page.next !== null) return { keys, next: `${index}:${page.next}` };
  return { keys, next: index + 1 < parts.length ? `${index + 1}:0` : null };
}

/** The master connection serving `slot` in ioredis' current slot map. */
function nodeForSlot(cluster: Cluster, slot: number): Redis {
  const [master] = cluster.slots[slot] ?? [];
  const node = cluster.nodes("master").find((n) => `${n.options.host}:${n.options.port}` === master);
  if (!node) throw new Error(`no master known for slot ${slot}`);
  return node;
}

/** Each key's raw value in one pipelined round trip (TYPE, HGETALL when a hash, DUMP). */
export async function readRawValues(client: RedisClient, keys: string[]): Promise<RawValue[]> {
  if (keys.length === 0) return [];
  const pipeline = client.pipeline();
  for (const key of keys) pipeline.type(key).hgetall(key).dumpBuffer(key);
  const replies = (await pipeline.exec()) ?? [];
  return keys.map((_, index) => {
    const [typeError, type] = replies[index * 3] ?? [new Error("no reply in the pipeline")];
    if (typeError) throw typeError;
    const [, hash] = replies[index * 3 + 1] ?? [];
    const [dumpError, dump] = replies[index * 3 + 2] ?? [];
    if (dumpError) throw dumpError;
    return {
      type: String(type),
      // HGETALL of a key of another type is a WRONGTYPE error: no fields, which is what it has.
      hash: type === "hash" ? (hash as Record<string, string>) : undefined,
      dump: (dump as Buffer | null) ?? null,
    };
  });
}

// KEYS: record, quarantine, listing index, expiry schedule, label-url index, holder index.
// ARGV: the DUMP of the value judged undecodable, the listing entry "scheme|id".
// Moves the value only if it is still the one judged (a writer may have repaired it since), with RENAME, so it is
// kept as it was — type, fields, TTL — and takes the key out of the indexes the value names. Index entries it cannot
// name (a hash without its holder field) stay behind, harmless: reads skip an entry whose record key is empty.
export const QUARANTINE = `
local dump = redis.call('DUMP', KEYS[1])
if not dump then return 'not-found' end
if dump ~= ARGV[1] then return 'changed' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'exists' end
local holder, url = false, false
if redis.call('TYPE', KEYS[1])['ok'] == 'hash' then
  holder = redis.call('HGET', KEYS[1], 'holder')
  url = redis.call('HGET', KEYS[1], 'labelUrl')
end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[4], KEYS[1])
if url and url ~= '' then redis.call('ZREM', KEYS[5], url .. ' ' .. KEYS[1]) end
if holder then redis.call('ZREM', KEYS[6], holder .. '|' .. ARGV[2]) end
return 'ok'
`;
