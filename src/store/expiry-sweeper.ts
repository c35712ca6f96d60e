import type { Clock, Logger } from "../deps.ts";
import type { RecordStore } from "./record-store.ts";

/**
 * Expiry causes no write, so a sweeper puts it in the change feed: each expired record once. The first sweep runs
 * when the store is ready (a Redis store is not, for a moment, at start-up: sweeping then only fails), then once a
 * minute; a sweep while the store is unreachable is skipped rather than logged as a failure every minute.
 */
export function startExpirySweeps(options: {
  records: RecordStore;
  logger: Logger;
  clock: Clock;
  /** Resolves when the store can be used; absent for a store that always can (memory). */
  ready?: Promise<void>;
  /** Whether the store is reachable right now. */
  reachable?: () => boolean;
  intervalMs?: number;
}): { stop: () => void; first: Promise<void> } {
  const { records, logger, clock } = options;
  const sweep = async (first: boolean) => {
    if (!first && options.reachable && !options.reachable()) return;
    try {
      const expired = await records.expireDue(clock.today(), new Date(clock.now()).toISOString());
      if (first || expired > 0) logger.info({ component: "record-store", expired }, "expiry sweep done");
    } catch (error) {
      logger.warn({ component: "record-store", error: (error as Error).message }, "expiry sweep failed");
    }
  };
  const first = (options.ready ?? Promise.resolve()).then(() => sweep(true));
  const timer = setInterval(() => void sweep(false), options.intervalMs ?? 60_000);
  (timer as { unref?: () => void }).unref?.();
  return { stop: () => clearInterval(timer), first };
}
