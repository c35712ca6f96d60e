import type { RedisClient } from "../store/redis-connection.ts";
import { PREFIX } from "../store/redis-keys.ts";
import { DELIVERY_LOG_SIZE, type DeliveryLogEntry, type DeliveryState, type Subscription } from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

/** Keys under the record store's hash tag: one slot, so the scripts below may touch several. */
const ALL = `${PREFIX}:webhook:subscriptions`;
const configKey = (id: string) => `${PREFIX}:webhook:subscription:${id}`;
const stateKey = (id: string) => `${PREFIX}:webhook:state:${id}`;
const logKey = (id: string) => `${PREFIX}:webhook:log:${id}`;

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
    const replies = await this.client.multi().del(configKey(id), stateKey(id), logKey(id)).zrem(ALL, id).exec();
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
}

/** No failure has a first time of 0 (the epoch): the replay script writes 0 for "none". */
function decodeState(text: string): DeliveryState {
  const state = JSON.parse(text) as DeliveryState;
  return { ...state, failingSince: state.failingSince || null };
}
