import { SELF } from "cloudflare:test";
import { checkedFetch } from "../helpers/checked-fetch.ts";

/**
 * The Worker under test (src/worker.ts in workerd), by path. Every response is checked against the OpenAPI document
 * before the test sees it; use this rather than `SELF.fetch`, which cannot be wrapped in place.
 */
export const fetchWorker = checkedFetch((path: string, init?: RequestInit) =>
  SELF.fetch(`https://kakehashi.test${path}`, init),
);
