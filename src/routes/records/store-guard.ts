import type { Context } from "hono";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import { StoreConflict } from "../../store/record-store.ts";
import { ReplicationTimeout } from "../../store/redis-replication.ts";

/** Store outcomes as problems; a store that cannot answer (Redis down) is a 503 with Retry-After, never a hang. */
export async function guard<T>(c: Context<AppEnv>, operation: () => Promise<T>): Promise<T> {
  try {
    const deadline = c.var.deadline;
    return await (deadline ? deadline.run(operation) : operation());
  } catch (error) {
    if (error instanceof ReplicationTimeout) {
      const detail =
        `the write was applied but ${error.message}, so a failover could still lose it; retry with the same ` +
        "Idempotency-Key (or If-Match / If-None-Match), which finds the write if it is there";
      throw new ProblemError(503, detail, { headers: { "Retry-After": "1" } });
    }
    if (!(error instanceof StoreConflict)) {
      // A write whose reply was lost may or may not have landed; the conditional headers make the retry safe.
      const detail =
        "the record store did not answer; retry with the same If-Match / If-None-Match, which makes a retry safe";
      throw new ProblemError(503, detail, { headers: { "Retry-After": "1" } });
    }
    const status = {
      "not-found": 404,
      "precondition-failed": 412,
      "precondition-required": 428,
      "cursor-expired": 410,
      "bad-cursor": 400,
      undecodable: 409,
      decodable: 409,
    } as const;
    throw new ProblemError(
      status[error.kind],
      error.message,
      error.current ? { headers: { ETag: error.current.etag } } : {},
    );
  }
}
