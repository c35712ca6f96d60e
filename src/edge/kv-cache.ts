import type { Cache } from "../cache/cache.ts";

/** The part of a Workers KV namespace binding the issued-credential store uses. */
export interface KvNamespace {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, options: { expirationTtl: number }): Promise<void>;
}

/**
 * The cache port over a Workers KV namespace: what the Worker keeps issued credentials in, so that a credential issued
 * by one isolate is found by id from any other (src/credentials/issued.ts keeps each isolate's copy in front of it).
 * The binding is read on each call — a Worker's bindings only exist inside a request — and an unbound namespace is a
 * store that always misses. Like every cache here it never throws: a KV failure is a miss, or a write the caller logs.
 * KV is eventually consistent: a write is seen at once where it was made and within about a minute elsewhere.
 */
export function kvCache(namespace: () => KvNamespace | undefined): Cache {
  return {
    name: "workers-kv",
    async get(key) {
      try {
        return (await namespace()?.get(key, "text")) ?? undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      // KV refuses an expirationTtl under 60 seconds.
      await namespace()?.put(key, value, { expirationTtl: Math.max(60, Math.ceil(ttlSeconds)) });
    },
  };
}
