import type { Cache } from "./cache.ts";

/** A cache that never holds anything: for deployments and tests that want every answer computed. */
export const noopCache: Cache = {
  name: "noop",
  get: async () => undefined,
  set: async () => {},
};
