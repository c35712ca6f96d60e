import { type Refusal, ServiceError, StoreUnavailable } from "../services/errors.ts";
import { StoreConflict } from "../store/record-store.ts";
import { ReplicationTimeout } from "../store/redis-replication.ts";
import { ProblemError, type ProblemStatus } from "./problem.ts";

/**
 * The one place where what services and stores refuse becomes an RFC 9457 problem: the app's error handler, a batch
 * item's result and a translation batch line all answer through here. Undefined for anything else (a bug: the
 * caller decides, usually a logged 500).
 */
export function toProblem(error: unknown): ProblemError | undefined {
  if (error instanceof ProblemError) return error;
  if (error instanceof ServiceError) {
    return new ProblemError(refusalStatus[error.refusal], error.message, {
      ...(error.faults ? { errors: error.faults } : {}),
      ...(error.retryAfterSeconds !== undefined ? { headers: { "Retry-After": String(error.retryAfterSeconds) } } : {}),
    });
  }
  if (error instanceof ReplicationTimeout) {
    const detail =
      `the write was applied but ${error.message}, so a failover could still lose it; retry with the same ` +
      "Idempotency-Key (or If-Match / If-None-Match), which finds the write if it is there";
    return new ProblemError(503, detail, { headers: { "Retry-After": "1" } });
  }
  if (error instanceof StoreUnavailable) {
    // A write whose reply was lost may or may not have landed; the conditional headers make the retry safe.
    const detail =
      "the record store did not answer; retry with the same If-Match / If-None-Match, which makes a retry safe";
    return new ProblemError(503, detail, { headers: { "Retry-After": "1" } });
  }
  if (error instanceof StoreConflict) {
    return new ProblemError(
      conflictStatus[error.kind],
      error.message,
      error.current ? { headers: { ETag: error.current.etag } } : {},
    );
  }
  return undefined;
}

const refusalStatus = {
  "not-found": 404,
  forbidden: 403,
  invalid: 422,
  conflict: 409,
  "precondition-required": 428,
  "not-served": 503,
} as const satisfies Record<Refusal, ProblemStatus>;

const conflictStatus = {
  "not-found": 404,
  "precondition-failed": 412,
  "precondition-required": 428,
  "cursor-expired": 410,
  "bad-cursor": 400,
  undecodable: 409,
  decodable: 409,
} as const satisfies Record<StoreConflict["kind"], ProblemStatus>;
