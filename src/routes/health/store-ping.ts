import type { ComponentHealth } from "../../cache/cache.ts";
import { Deadline, DeadlineExceeded } from "../../lib/deadline.ts";

/**
 * /readyz asks the record store to answer a PING within one request deadline. The store client's own state says
 * "ready" while Redis is frozen (SIGSTOP, an overloaded host: connections open, nothing answered), so a component
 * reported up is checked this way; the answer replaces it when the store does not answer in time or at all.
 */
export async function pingedStoreHealth(
  reported: ComponentHealth,
  ping: () => Promise<unknown>,
  budgetMs: number,
): Promise<ComponentHealth> {
  // A degraded store (some records undecodable) still answers, so it is pinged too.
  if (reported.status !== "up" && reported.status !== "degraded") return reported;
  try {
    await new Deadline(budgetMs).run(ping);
    return reported;
  } catch (error) {
    const reason =
      error instanceof DeadlineExceeded
        ? `redis did not answer PING within ${budgetMs} ms (frozen or overloaded)`
        : `redis did not answer PING (${error instanceof Error ? error.message.slice(0, 200) : "error"})`;
    return { name: reported.name, status: "down", detail: `${reason}: record routes answer 503` };
  }
}
