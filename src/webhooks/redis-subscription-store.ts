import type { RedisClient } from "../store/redis-connection.ts";
import { PREFIX } from "../store/redis-keys.ts";
import {
  DELIVERY_LOG_SIZE,
  type DeliveryLogEntry,
  type DeliveryState,
  type QueuedEvent,
  type Subscription,
} from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

/** Keys under the record store's hash tag: one slot, so the scripts below may touch several. */
const ALL = `${PREFIX}:webhook:subscriptions`;
const configKey = (id: string) => `${PREFIX}:webhook:subscription:${id}`;
const stateKey = (id: string) => `${PREFIX}:webhook:state:${id}`;
const logKey = (id: string) => `${PREFIX}:webhook:log:${id}`;
const queueKey = (id: string) => `${PREFIX}:webhook:queue:${id}`;
const onceKey = (once: string) => `${PREFIX}:webhook:once:${once}`;
/** How long the webhook-ids queued under a `once` key are remembered: longer than any start-up takes to re-run. */
const ONCE_TTL_SECONDS = 35 * 24 * 3600;

/** Compare-and-set on the generation: a replay between the worker's read and its write wins. */
const SAVE_STATE = `
if redis.call('HGET', KEYS[1], 'generation') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
if #ARGV > 3 then
  redis.call('LPUSH', KEYS[2], unpack(ARGV, 4))
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
end
return 1`;
/** Raises the generation and resets the state in one step. */
const REPLAY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local generation = redis.call('HINCRBY', KEYS[1], 'generation', 1)
local state = cjson.decode(ARGV[1])
state.generation = generation
local encoded = cjson.encode(state)
redis.call('HSET', KEYS[1], 'state', encoded)
return encoded`;

/**
 * Queues each event whose webhook-id the `once` set did not hold yet, for a subscription that still exists. KEYS:
 * state, queue, once. ARGV: the once set's lifetime, then webhook-id and encoded event, pairwise.
 */
const ENQUEUE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local added = 0
for i = 2, #ARGV, 2 do
  if redis.call('SADD', KEYS[3], ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i + 1])
    added = added + 1
  end
end
redis.call('EXPIRE', KEYS[3], ARGV[1])
return added`;
/** Pops the oldest queued event only if it is the one delivered (its encoded form is ARGV[1]). */
const DEQUEUE = `
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then return 0 end
redis.call('LPOP', KEYS[1])
return 1`;

type WithScripts = RedisClient & {
  kakehashiSaveDeliveryState(
    key: string,
    log: string,
    generation: string,
    state: string,
    size: string,
    ...entries: string[]
  ): Promise<number>;
  kakehashiReplayDeliveries(key: string, state: string): Promise<string | null>;
  kakehashiEnqueueEvents(state: string, queue: string, once: string, ttl: string, ...pairs: string[]): Promise<number>;
  kakehashiDequeueEvent(queue: string, encoded: string): Promise<number>;
};

/**
 * Subscriptions in the record store's Redis (durable as that server is configured: appendonly + fsync always), so
 * a restart resumes every subscription at its stored cursor. The configuration is a JSON string, the delivery state
 * a hash whose `generation` field guards the worker's writes, the log a capped list.
 */
export class RedisSubscriptionStore implements SubscriptionStore {
  private readonly client: WithScripts;

  constructor(client: RedisClient) {
    client.defineCommand("kakehashiSaveDeliveryState", { numberOfKeys: 2, lua: SAVE_STATE });
    client.defineCommand("kakehashiReplayDeliveries", { numberOfKeys: 1, lua: REPLAY });
    client.defineCommand("kakehashiEnqueueEvents", { numberOfKeys: 3, lua: ENQUEUE });
    client.defineCommand("kakehashiDequeueEvent", { numberOfKeys: 1, lua: DEQUEUE });
    this.client = client as WithScripts;
  }

  async create(subscription: Subscription, state: DeliveryState): Promise<void> {
    await this.client
      .multi()
      .set(configKey(subscription.id), JSON.stringify(subscription))
      .hset(stateKey(subscription.id), { generation: String(state.generation), state: JSON.stringify(state) })
      .zadd(ALL, Date.parse(subscription.createdAt), subscription.id)
      .exec();
  }

  async get(id: string) {
    const [config, state] = await Promise.all([
      this.client.get(configKey(id)),
      this.client.hget(stateKey(id), "state"),
    ]);
    if (config === null || state === null) return undefined;
    return { subscription: JSON.parse(config) as Subscription, state: decodeState(state) };
  }

  async list(owner?: string) {
    const ids = await this.client.zrange(ALL, 0, -1);
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter(
      (entry): entry is NonNullable<typeof entry> =>
        entry !== undefined && (owner === undefined || entry.subscription.owner === owner),
    );
  }

  async delete(id: string): Promise<boolean> {
    const replies = await this.client
      .multi()
      .del(configKey(id), stateKey(id), logKey(id), queueKey(id))
      .zrem(ALL, id)
      .exec();
    return Number(replies?.[1]?.[1] ?? 0) > 0;
  }

  async saveState(id: string, state: DeliveryState, logged: DeliveryLogEntry[] = []): Promise<boolean> {
    const saved = await this.client.kakehashiSaveDeliveryState(
      stateKey(id),
      logKey(id),
      String(state.generation),
      JSON.stringify(state),
      String(DELIVERY_LOG_SIZE),
      ...logged.slice(-DELIVERY_LOG_SIZE).map((entry) => JSON.stringify(entry)),
    );
    return saved === 1;
  }

  async replay(id: string, cursor: string): Promise<DeliveryState | undefined> {
    // cjson turns a JSON null into a userdata it encodes back, but 0 is plainer: decodeState reads 0 as null.
    const reset = { cursor, status: "active", attempts: 0, retryAt: 0, failingSince: 0, generation: 0 };
    const encoded = await this.client.kakehashiReplayDeliveries(stateKey(id), JSON.stringify(reset));
    if (encoded === null) return undefined;
    return decodeState(encoded);
  }

  async appendLog(id: string, entry: DeliveryLogEntry): Promise<void> {
    await this.client
      .multi()
      .lpush(logKey(id), JSON.stringify(entry))
      .ltrim(logKey(id), 0, DELIVERY_LOG_SIZE - 1)
      .exec();
  }

  async log(id: string, limit: number): Promise<DeliveryLogEntry[]> {
    const entries = await this.client.lrange(logKey(id), 0, limit - 1);
    return entries.map((entry) => JSON.parse(entry) as DeliveryLogEntry);
  }

  async enqueue(id: string, events: QueuedEvent[], once: string): Promise<number> {
    if (events.length === 0) return 0;
    const pairs = events.flatMap((event) => [event.webhookId, JSON.stringify(event)]);
    return this.client.kakehashiEnqueueEvents(
      stateKey(id),
      queueKey(id),
      onceKey(once),
      String(ONCE_TTL_SECONDS),
      ...pairs,
    );
  }

  async queued(id: string, limit: number): Promise<QueuedEvent[]> {
    const entries = await this.client.lrange(queueKey(id), 0, limit - 1);
    return entries.map((entry) => JSON.parse(entry) as QueuedEvent);
  }

  async dequeue(id: string, webhookId: string): Promise<boolean> {
    // The queue holds each event as enqueue encoded it: the head is compared as those bytes.
    const [head] = await this.client.lrange(queueKey(id), 0, 0);
    if (head === undefined || (JSON.parse(head) as QueuedEvent).webhookId !== webhookId) return false;
    return (await this.client.kakehashiDequeueEvent(queueKey(id), head)) === 1;
  }
}

/** No failure has a first time of 0 (the epoch): the replay script writes 0 for "none". */
function decodeState(text: string): DeliveryState {
  const state = JSON.parse(text) as DeliveryState;
  return { ...state, failingSince: state.failingSince || null };
}
