import type { IdempotencyStore } from "../store/idempotency.ts";

/**
 * Runs `tick` every `everyMs` until the returned function is called. Injectable so that a test can renew a lease
 * when it chooses, without waiting; the default is an unref'd interval (a lease never keeps a process alive).
 */
export type Ticker = (tick: () => void, everyMs: number) => () => void;

export const intervalTicker: Ticker = (tick, everyMs) => {
  const timer = setInterval(tick, everyMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
};

export interface Lease {
  /** True once a renewal or a recorded result found the lease taken over: no further writes under it. */
  lost(): boolean;
  /** Records one item's result under the lease (renewing it). */
  record(index: number, result: string): Promise<void>;
  stop(): void;
}

/**
 * Keeps a claim's lease alive while a batch runs (renewed every third of the lease) and records item results under
 * it. A renewal that fails for a moment is retried on the next tick; one that says the lease was taken over stops
 * further writes.
 */
export function holdLease(store: IdempotencyStore, scope: string, key: string, token: string, every: Ticker): Lease {
  let lost = false;
  const stop = every(
    () => {
      store
        .renew(scope, key, token)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => {});
    },
    Math.max(10, Math.floor(store.leaseMs / 3)),
  );
  return {
    lost: () => lost,
    record: async (index, result) => {
      const held = await store.progress(scope, key, token, index, result).catch(() => true);
      if (!held) lost = true;
    },
    stop,
  };
}
