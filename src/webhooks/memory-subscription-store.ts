import {
  DELIVERY_LOG_SIZE,
  type DeliveryLogEntry,
  type DeliveryState,
  type QueuedEvent,
  type Subscription,
} from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

/** The in-memory twin: `npm start` without Redis (not durable, like the memory record store) and the tests. */
export class MemorySubscriptionStore implements SubscriptionStore {
  private readonly subscriptions = new Map<string, { subscription: Subscription; state: DeliveryState }>();
  private readonly logs = new Map<string, DeliveryLogEntry[]>();
  private readonly queues = new Map<string, QueuedEvent[]>();
  /** Per `once` key, the webhook-ids ever queued under it. */
  private readonly once = new Map<string, Set<string>>();

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
    this.queues.delete(id);
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

  async enqueue(id: string, events: QueuedEvent[], once: string): Promise<number> {
    if (!this.subscriptions.has(id)) return 0;
    const seen = this.once.get(once) ?? new Set<string>();
    this.once.set(once, seen);
    const queue = this.queues.get(id) ?? [];
    this.queues.set(id, queue);
    const fresh = events.filter((event) => !seen.has(event.webhookId) && seen.add(event.webhookId));
    queue.push(...fresh.map((event) => ({ ...event })));
    return fresh.length;
  }

  async queued(id: string, limit: number): Promise<QueuedEvent[]> {
    return (this.queues.get(id) ?? []).slice(0, limit).map((event) => ({ ...event }));
  }

  async dequeue(id: string, webhookId: string): Promise<boolean> {
    const queue = this.queues.get(id);
    if (queue?.[0]?.webhookId !== webhookId) return false;
    queue.shift();
    return true;
  }
}
