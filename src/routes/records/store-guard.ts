import type { Context } from "hono";
import type { AppEnv } from "../../lib/types.ts";
import { storeCall } from "../../services/store-call.ts";

/**
 * A store call under the request's deadline, for handlers that call a store without a service (subscriptions, the
 * undecodable-value admin routes): a store that cannot answer (Redis down) is StoreUnavailable, never a hang; the
 * app's error handler answers it, and the store's own refusals, as problems (src/lib/to-problem.ts).
 */
export function guard<T>(c: Context<AppEnv>, operation: () => Promise<T>): Promise<T> {
  return storeCall(c.var.deadline, operation);
}
