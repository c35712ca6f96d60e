/**
 * Retry delays: exponential from 5 s, capped at one hour, with "equal jitter" (half the delay fixed, half random) so
 * receivers that failed together are not retried together. Retries go on for GIVE_UP_AFTER_MS from the first failure
 * (about 30 attempts), then the subscription is marked failing.
 */
export const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;
const FIRST_MS = 5_000;
const CAP_MS = 3600_000;

export type Backoff = (attempt: number) => number;

export function exponentialBackoff(random: () => number = Math.random): Backoff {
  return (attempt) => {
    const ceiling = Math.min(CAP_MS, FIRST_MS * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
  };
}
