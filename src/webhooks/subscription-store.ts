import type { DeliveryLogEntry, DeliveryState, QueuedEvent, Subscription } from "./subscription.ts";

/**
 * The subscription store port. Twins: MemorySubscriptionStore (below) and RedisSubscriptionStore (the record store's
 * Redis, so deliveries survive a restart with the feed they follow); one contract test runs against both.
 */
export interface SubscriptionStore {
  create(subscription: Subscription, state: DeliveryState): Promise<void>;
  get(id: string): Promise<{ subscription: Subscription; state: DeliveryState } | undefined>;
  /** Every subscription, or those of one owner, oldest first. */
  list(owner?: string): Promise<{ subscription: Subscription; state: DeliveryState }[]>;
  /** False when there was none. The log goes with it. */
  delete(id: string): Promise<boolean>;
  /**
   * The worker's write: kept only while the stored generation is still `state.generation` (no replay came between
   * the worker's read and this write). False when refused, or when the subscription is gone. `logged` (oldest
   * first) is added to the delivery log in the same step — one write, one fsync for a checkpoint of several
   * deliveries — and only if the state is kept.
   */
  saveState(id: string, state: DeliveryState, logged?: DeliveryLogEntry[]): Promise<boolean>;
  /** Restarts deliveries after `cursor`, active, nothing failed, the generation raised. Undefined when none. */
  replay(id: string, cursor: string): Promise<DeliveryState | undefined>;
  /** Adds an entry to the front of the delivery log, keeping the newest DELIVERY_LOG_SIZE. */
  appendLog(id: string, entry: DeliveryLogEntry): Promise<void>;
  /** Newest first. */
  log(id: string, limit: number): Promise<DeliveryLogEntry[]>;
  /**
   * Queues events that are not feed entries, after those already queued — each at most once ever per `once` key
   * (its webhook-id remembered under it), so a second instance, or a second run after a crash, queues nothing again.
   * Nothing is queued for a subscription that is gone. How many were added.
   */
  enqueue(id: string, events: QueuedEvent[], once: string): Promise<number>;
  /** The oldest `limit` queued events, oldest first. */
  queued(id: string, limit: number): Promise<QueuedEvent[]>;
  /** Removes the oldest queued event if it is this one (delivered); false otherwise. */
  dequeue(id: string, webhookId: string): Promise<boolean>;
}
