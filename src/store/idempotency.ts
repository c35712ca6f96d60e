import type { RedisClient } from "./redis-connection.ts";

/**
 * Idempotency keys for batch and single writes (IETF draft-ietf-httpapi-idempotency-key-header): a key is scoped to the client,
 * bound to a fingerprint of the request, and kept at least 24 hours with the first response, which a replay gets
 * byte for byte. Twins: memory and Redis.
 *
 * A request that holds a key holds it on a short lease, which it renews while it runs and which lapses when its
 * process dies: a crash mid-batch does not lock the key for 48 hours, a retry after the lease proceeds. Each item's
 * result is recorded under the lease as it lands, so the retry reuses the results of the items that landed before
 * the crash instead of writing them again (and the item that was in flight at the crash meets its own conditional
 * header: it cannot land twice either).
 */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
  /** A single write's ETag, replayed with its body. */
  etag?: string;
}

export type Claim =
  /** Ours, under `token`; `progress` holds item results (JSON, by index) an earlier attempt recorded before its lease lapsed. */
  | { state: "new"; token: string; progress: Map<number, string> }
  /** Another request holds the key; its lease lapses (unless renewed) in `leaseLeftMs`. */
  | { state: "in-flight"; leaseLeftMs: number }
  | { state: "mismatch" }
  | { state: "done"; response: StoredResponse };

export interface IdempotencyStore {
  /** How long a lease lasts without renewal; holders renew well within it. */
  readonly leaseMs: number;
  /** Claims `key` for this fingerprint, or says what it already holds. */
  claim(scope: string, key: string, fingerprint: string): Promise<Claim>;
  /** Extends the lease; false when the lease lapsed and another attempt took the key over. */
  renew(scope: string, key: string, token: string): Promise<boolean>;
  /** Records one item's result under the lease (renewing it); false when the lease was lost. */
  progress(scope: string, key: string, token: string, index: number, result: string): Promise<boolean>;
  complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /**
   * Ends a lease without an answer (its request failed): a retry proceeds at once. Recorded progress stays, bound to
   * the fingerprint; a claim with no progress is forgotten.
   */
  release(scope: string, key: string, token: string): Promise<void>;
}

/** Kept longer than the 24 hours partners are promised. */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;
/** A lease long enough to renew comfortably (holders renew every third of it), short enough that a crash costs little. */
export const IDEMPOTENCY_LEASE_MS = 10_000;

export interface IdempotencyOptions {
  /** Milliseconds since the epoch; injectable so that tests can let a lease lapse without waiting. */
  now?: () => number;
  leaseMs?: number;
}

interface Entry {
  fingerprint: string;
  token?: string;
  leaseUntil: number;
  progress: Map<number, string>;
  response?: StoredResponse;
  expires: number;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly leaseMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: IdempotencyOptions = {}) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const id = entryId(scope, key);
    const now = this.now();
    let entry = this.entries.get(id);
    if (entry && entry.expires <= now) entry = undefined;
    if (entry && entry.fingerprint !== fingerprint) return { state: "mismatch" };
    if (entry?.response) return { state: "done", response: entry.response };
    if (entry && entry.leaseUntil > now) return { state: "in-flight", leaseLeftMs: entry.leaseUntil - now };
    const token = crypto.randomUUID();
    const progress = entry?.progress ?? new Map<number, string>();
    this.entries.set(id, {
      fingerprint,
      token,
      leaseUntil: now + this.leaseMs,
      progress,
      expires: entry?.expires ?? now + IDEMPOTENCY_TTL_SECONDS * 1000,
    });
    this.sweep(now);
    return { state: "new", token, progress: new Map(progress) };
  }

  async renew(scope: string, key: string, token: string): Promise<boolean> {
    const entry = this.held(scope, key, token);
    if (entry) entry.leaseUntil = this.now() + this.leaseMs;
    return entry !== undefined;
  }

  async progress(scope: string, key: string, token: string, index: number, result: string): Promise<boolean> {
    const entry = this.held(scope, key, token);
    if (!entry) return false;
    entry.progress.set(index, result);
    entry.leaseUntil = this.now() + this.leaseMs;
    return true;
  }

  async complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    this.entries.set(entryId(scope, key), {
      fingerprint,
      response,
      leaseUntil: 0,
      progress: new Map(),
      expires: this.now() + IDEMPOTENCY_TTL_SECONDS * 1000,
    });
  }

  async release(scope: string, key: string, token: string): Promise<void> {
    const entry = this.held(scope, key, token);
    if (!entry) return;
    if (entry.progress.size === 0) this.entries.delete(entryId(scope, key));
    else {
      entry.leaseUntil = 0;
      delete entry.token;
    }
  }

  /** The entry if `token` still holds its lease (not lapsed, not taken over, not answered). */
  private held(scope: string, key: string, token: string): Entry | undefined {
    const entry = this.entries.get(entryId(scope, key));
    return entry && !entry.response && entry.token === token && entry.leaseUntil > this.now() ? entry : undefined;
  }

  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.entries.delete(id);
  }
}

// One hash per key: fingerprint, token, lease (ms epoch), item:<index> results, response (JSON). The caller's clock
// decides lease expiry (passed in, so replicas agree within their clock skew and tests can inject time).
// KEYS[1]: the key. ARGV: fingerprint, token, now, lease ms, ttl seconds.
const CLAIM = `
local fp = redis.call('HGET', KEYS[1], 'fingerprint')
local leaseUntil = tostring(tonumber(ARGV[3]) + tonumber(ARGV[4]))
if not fp then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'token', ARGV[2], 'lease', leaseUntil)
  redis.call('EXPIRE', KEYS[1], ARGV[5])
  return {'new'}
end
if fp ~= ARGV[1] then return {'mismatch'} end
local response = redis.call('HGET', KEYS[1], 'response')
if response then return {'done', response} end
local lease = tonumber(redis.call('HGET', KEYS[1], 'lease') or '0')
if lease > tonumber(ARGV[3]) then return {'in-flight', tostring(lease - tonumber(ARGV[3]))} end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'lease', leaseUntil)
local out = {'new'}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 5) == 'item:' then
    table.insert(out, string.sub(all[i], 6))
    table.insert(out, all[i + 1])
  end
end
return out
`;

// KEYS[1]: the key. ARGV: token, now, lease ms, item index ("" = renew only), item result.
const RENEW = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'response') == 1 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'lease') or '0') <= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'lease', tostring(tonumber(ARGV[2]) + tonumber(ARGV[3])))
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'item:' .. ARGV[4], ARGV[5]) end
return 1
`;

// KEYS[1]: the key. ARGV: token.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'response') == 1 then return 0 end
local fields = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(fields) do
  if string.sub(f, 1, 5) == 'item:' then
    redis.call('HSET', KEYS[1], 'lease', '0')
    redis.call('HDEL', KEYS[1], 'token')
    return 1
  end
end
redis.call('DEL', KEYS[1])
return 1
`;

type Scripts = {
  kakehashiIdemClaim(key: string, ...args: string[]): Promise<string[]>;
  kakehashiIdemRenew(key: string, ...args: string[]): Promise<number>;
  kakehashiIdemRelease(key: string, token: string): Promise<number>;
};

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly leaseMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: RedisClient,
    options: IdempotencyOptions = {},
    private readonly cluster = false,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
    client.defineCommand("kakehashiIdemClaim", { numberOfKeys: 1, lua: CLAIM });
    client.defineCommand("kakehashiIdemRenew", { numberOfKeys: 1, lua: RENEW });
    client.defineCommand("kakehashiIdemRelease", { numberOfKeys: 1, lua: RELEASE });
  }

  /**
   * One key per idempotency key. Single node: under the store's tag `{kakehashi}`, as always. Cluster: no shared tag,
   * so the keys spread over every slot (each script touches one key, so none needs a tag).
   */
  private keyOf(scope: string, key: string): string {
    return this.cluster ? `kakehashi:idem:${scope}:${key}` : redisKey(scope, key);
  }

  private get scripts(): Scripts {
    return this.client as unknown as Scripts;
  }

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const token = crypto.randomUUID();
    const reply = await this.scripts.kakehashiIdemClaim(
      this.keyOf(scope, key),
      fingerprint,
      token,
      String(this.now()),
      String(this.leaseMs),
      String(IDEMPOTENCY_TTL_SECONDS),
    );
    const [state, ...rest] = reply;
    if (state === "mismatch") return { state: "mismatch" };
    if (state === "in-flight") return { state: "in-flight", leaseLeftMs: Number(rest[0] ?? this.leaseMs) };
    if (state === "done") return { state: "done", response: JSON.parse(rest[0] ?? "{}") as StoredResponse };
    const progress = new Map<number, string>();
    for (let i = 0; i + 1 < rest.length; i += 2) progress.set(Number(rest[i]), rest[i + 1] as string);
    return { state: "new", token, progress };
  }

  async renew(scope: string, key: string, token: string): Promise<boolean> {
    const args = [token, String(this.now()), String(this.leaseMs), "", ""];
    return (await this.scripts.kakehashiIdemRenew(this.keyOf(scope, key), ...args)) === 1;
  }

  async progress(scope: string, key: string, token: string, index: number, result: string): Promise<boolean> {
    const args = [token, String(this.now()), String(this.leaseMs), String(index), result];
    return (await this.scripts.kakehashiIdemRenew(this.keyOf(scope, key), ...args)) === 1;
  }

  async complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    const id = this.keyOf(scope, key);
    await this.client
      .multi()
      .del(id)
      .hset(id, "fingerprint", fingerprint, "response", JSON.stringify(response))
      .expire(id, IDEMPOTENCY_TTL_SECONDS)
      .exec();
  }

  async release(scope: string, key: string, token: string): Promise<void> {
    await this.scripts.kakehashiIdemRelease(this.keyOf(scope, key), token);
  }
}

function entryId(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}

/** `idem` (a hash), not the earlier `idempotency` (a string): keys of the old shape simply expire. */
function redisKey(scope: string, key: string): string {
  return `kakehashi:{kakehashi}:idem:${scope}:${key}`;
}
