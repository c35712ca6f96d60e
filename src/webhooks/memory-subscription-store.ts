import { DELIVERY_LOG_SIZE, type DeliveryLogEntry, type DeliveryState, type Subscription } from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

/** The in-memory twin: `npm start` without Redis (not durable, like the memory record store) and the tests. */
export class MemorySubscriptionStore implements SubscriptionStore {
  private readonly subscriptions = new Map<string, { subscription: Subscription; state: DeliveryState }>();
  private readonly logs = new Map<string, DeliveryLogEntry[]>();

  async create(subscription: Subscription, state: DeliveryState): Promise<void> {
    this.subscriptions.set(subscription.id, { subscription: structuredClone(subscription), state: { ...state } });
    this.logs.set(subscription.id, []);
  }

  async get(id: string) {
    const found = this.subscriptions.get(id);
    return found ? { subscription: structuredClone(found.subscription), state: { ...found.state } } : undefined;
  }

  async list(owner?: string) {
    return [...this.subscriptions.values()]
      .filter(({ subscription }) => owner === undefined || subscription.owner === owner)
      .map(({ subscription, state }) => ({ subscription: structuredClone(subscription), state: { ...state } }));
  }

  async delete(id: string): Promise<boolean> {
    this.logs.delete(id);
    return this.subscriptions.delete(id);
  }

  async saveState(id: string, state: DeliveryState, logged: DeliveryLogEntry[] = []): Promise<boolean> {
    const found = this.subscriptions.get(id);
    if (!found || found.state.generation !== state.generation) return false;
    found.state = { ...state };
    for (const entry of logged) await this.appendLog(id, entry);
    return true;
  }

  async replay(id: string, cursor: string): Promise<DeliveryState | undefined> {
    const found = this.subscriptions.get(id);
    if (!found) return undefined;
    found.state = {
      cursor,
      status: "active",
      attempts: 0,
      retryAt: 0,
      failingSince: null,
      generation: found.state.generation + 1,
    };
    return { ...found.state };
  }

  async appendLog(id: string, entry: DeliveryLogEntry): Promise<void> {
    const log = this.logs.get(id);
    if (!log) return;
    log.unshift({ ...entry });
    log.length = Math.min(log.length, DELIVERY_LOG_SIZE);
  }

  async log(id: string, limit: number): Promise<DeliveryLogEntry[]> {
    return (this.logs.get(id) ?? []).slice(0, limit).map((entry) => ({ ...entry }));
  }
}
