import { Cluster, type Redis } from "ioredis";
import type { RedisClient } from "./redis-connection.ts";

/**
 * Whether the Redis behind the record store keeps an acknowledged write across a crash: only with `appendonly yes`
 * and `appendfsync always` (every write on disk before its reply). `everysec` loses up to a second of acknowledged
 * writes, `no` leaves it to the kernel, and without the AOF a restart loses everything since the last snapshot.
 */
export interface Durability {
  durable: boolean;
  appendonly: string;
  appendfsync: string;
  /** For /readyz and the log: "durable (appendonly yes, appendfsync always)" or what is missing. */
  detail: string;
}

/** On a cluster, every master is asked: the store is only as durable as its least durable master. */
export async function readDurability(client: RedisClient): Promise<Durability> {
  if (!(client instanceof Cluster)) return readNode(client);
  const all = await Promise.all(client.nodes("master").map(readNode));
  return all.find((durability) => !durability.durable) ?? all[0] ?? describeDurability("unknown", "unknown");
}

async function readNode(client: Redis): Promise<Durability> {
  const reply = (await client.config("GET", "append*")) as string[];
  const settings = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) settings.set(reply[i] as string, reply[i + 1] as string);
  return describeDurability(settings.get("appendonly") ?? "unknown", settings.get("appendfsync") ?? "unknown");
}

export function describeDurability(appendonly: string, appendfsync: string): Durability {
  const durable = appendonly === "yes" && appendfsync === "always";
  const settings = `appendonly ${appendonly}, appendfsync ${appendfsync}`;
  return {
    durable,
    appendonly,
    appendfsync,
    detail: durable ? `durable (${settings})` : `NOT durable (${settings}): acknowledged writes can be lost`,
  };
}

/**
 * Why the process must not start under REDIS_REQUIRE_DURABLE, or undefined when the store is durable: `firstCheck`
 * gives the check made on the first connection once there is one; within `waitMs` it must exist and say durable.
 */
export async function requiredDurability(
  firstCheck: () => Promise<Durability> | undefined,
  waitMs: number,
): Promise<string | undefined> {
  const until = Date.now() + waitMs;
  let check = firstCheck();
  while (!check && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    check = firstCheck();
  }
  if (!check) return `the record store's redis did not answer within ${waitMs / 1000} s, so its persistence is unknown`;
  try {
    const durability = await check;
    return durability.durable
      ? undefined
      : `the record store's redis is ${durability.detail}; set appendonly yes and appendfsync always`;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `could not read the record store's redis persistence settings (${reason})`;
  }
}
