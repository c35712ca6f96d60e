import type { Deadline } from "../lib/deadline.ts";
import { StoreConflict } from "../store/record-store.ts";
import { ReplicationTimeout } from "../store/redis-replication.ts";
import { StoreUnavailable } from "./errors.ts";

/**
 * One call to a store under the request's deadline. The store's own answers (StoreConflict: a precondition, a
 * cursor, an undecodable value; ReplicationTimeout: applied but not yet replicated) pass through as they are; any
 * other failure — the store down, hung past the deadline — is StoreUnavailable, never a hang or a 500.
 */
export async function storeCall<T>(deadline: Deadline | undefined, operation: () => Promise<T>): Promise<T> {
  try {
    return await (deadline ? deadline.run(operation) : operation());
  } catch (error) {
    if (error instanceof StoreConflict || error instanceof ReplicationTimeout) throw error;
    throw new StoreUnavailable(error);
  }
}
