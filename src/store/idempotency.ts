import type { Redis } from "ioredis";

/**
 * Idempotency keys for batch writes (IETF draft-ietf-httpapi-idempotency-key-header): a key is scoped to the client,
 * bound to a fingerprint of the request, and kept at least 24 hours with the first response, which a replay gets
 * byte for byte. Twins: memory and Redis.
 */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type Claim =
  | { state: "new" }
  | { state: "in-flight" }
  | { state: "mismatch" }
  | { state: "done"; response: StoredResponse };

export interface IdempotencyStore {
  /** Claims `key` for this fingerprint, or says what it already holds. */
  claim(scope: string, key: string, fingerprint: string): Promise<Claim>;
  complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Frees a claim whose request failed before answering, so that a retry runs again. */
  release(scope: string, key: string): Promise<void>;
}

/** Kept longer than the 24 hours partners are promised. */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 3600;

interface Entry {
  fingerprint: string;
  response?: StoredResponse;
  expires: number;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const id = `${scope}\u0000${key}`;
    const now = Date.now();
    const entry = this.entries.get(id);
    if (entry && entry.expires > now) return judge(entry, fingerprint);
    this.entries.set(id, { fingerprint, expires: now + IDEMPOTENCY_TTL_SECONDS * 1000 });
    this.sweep(now);
    return { state: "new" };
  }

  async complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    this.entries.set(`${scope}\u0000${key}`, {
      fingerprint,
      response,
      expires: Date.now() + IDEMPOTENCY_TTL_SECONDS * 1000,
    });
  }

  async release(scope: string, key: string): Promise<void> {
    this.entries.delete(`${scope}\u0000${key}`);
  }

  private sweep(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.entries.delete(id);
  }
}

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly client: Redis) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const id = redisKey(scope, key);
    const fresh: Entry = { fingerprint, expires: 0 };
    const set = await this.client.set(id, JSON.stringify(fresh), "EX", IDEMPOTENCY_TTL_SECONDS, "NX");
    if (set === "OK") return { state: "new" };
    const existing = await this.client.get(id);
    return existing ? judge(JSON.parse(existing) as Entry, fingerprint) : { state: "in-flight" };
  }

  async complete(scope: string, key: string, fingerprint: string, response: StoredResponse): Promise<void> {
    const entry: Entry = { fingerprint, response, expires: 0 };
    await this.client.set(redisKey(scope, key), JSON.stringify(entry), "EX", IDEMPOTENCY_TTL_SECONDS);
  }

  async release(scope: string, key: string): Promise<void> {
    await this.client.del(redisKey(scope, key));
  }
}

function judge(entry: Entry, fingerprint: string): Claim {
  if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
  return entry.response ? { state: "done", response: entry.response } : { state: "in-flight" };
}

function redisKey(scope: string, key: string): string {
  return `kakehashi:{kakehashi}:idempotency:${scope}:${key}`;
}
