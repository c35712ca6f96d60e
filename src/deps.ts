import type { AnswerCache } from "./cache/answer-cache.ts";
import type { CatalogIndex } from "./catalog/catalog-index.ts";

/** A structured logger: pino on Node, JSON console lines on Workers, a recording twin in tests. */
export interface Logger {
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

/** Today's date, injectable so that date-dependent answers are testable. */
export interface Clock {
  today(): string;
}

/**
 * The system clock (UTC days). `today()` runs on every request (it keys the response memo), so the date string is
 * kept until the next UTC midnight instead of being formatted each time.
 */
export const systemClock: Clock = (() => {
  let day = "";
  let nextMidnight = 0;
  return {
    today: () => {
      const now = Date.now();
      if (now >= nextMidnight) {
        day = new Date(now).toISOString().slice(0, 10);
        nextMidnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      }
      return day;
    },
  };
})();

/** Static assets of the offline API docs page (Swagger UI), bundled at build time for both runtimes. */
export type DocsAssets = Record<string, string>;

/** Everything outside the app that handlers use, built by an entry (node.ts, worker.ts) or a test. */
export interface Deps {
  catalog: CatalogIndex;
  /** L1 (+ L2 on Node with Redis) cache of computed answers. */
  answers: AnswerCache;
  logger: Logger;
  clock: Clock;
  docsAssets?: DocsAssets;
  /** Where the app runs, reported by /healthz. */
  runtime: "node" | "workers" | "test";
}
