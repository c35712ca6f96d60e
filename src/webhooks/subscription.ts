/**
 * Webhook subscriptions: a partner's target URL, the events it wants, and where its deliveries stand in the change
 * feed. The configuration is written once; the delivery state is the worker's, except that a replay resets it.
 */
export const EVENT_TYPES = [
  "record.created",
  "record.updated",
  "record.withdrawn",
  "record.expired",
  // Not a feed entry: a new catalog changed what a stored record earns in another scheme (catalog-change.ts).
  "record.recognition-changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** The event types that are change-feed entries. */
export type FeedEventType = Exclude<EventType, "record.recognition-changed">;

export interface Subscription {
  id: string;
  /** The API key (principal id) that created it: only it, or an admin, sees and changes it. */
  owner: string;
  url: string;
  events: EventType[];
  /** Only changes to records of these schemes; empty = every scheme. */
  schemes: string[];
  /** `whsec_` + base64 of the key: returned once, at creation, and kept only to sign. */
  secret: string;
  createdAt: string;
}

export interface DeliveryState {
  /** The last feed cursor handled (delivered, or skipped by the filters): deliveries resume after it. */
  cursor: string;
  /** `failing`: retries ran out (~24 h); nothing is sent until a replay makes it active again. */
  status: "active" | "failing";
  /** Failed attempts at the event after `cursor`. */
  attempts: number;
  /** Epoch ms before which the next attempt is not made. */
  retryAt: number;
  /** Epoch ms of the first failure of the event after `cursor`; null while deliveries succeed. */
  failingSince: number | null;
  /** Raised by every replay, so the worker's write of a state read before the replay is refused (see saveState). */
  generation: number;
}

export interface DeliveryLogEntry {
  /** The webhook-id: the same on every attempt and every re-delivery of the event. */
  webhookId: string;
  cursor: string;
  type: EventType;
  attempt: number;
  at: string;
  outcome: "delivered" | "failed" | "gave-up";
  /** The receiver's HTTP status; null when none came (refused address, connection error, timeout). */
  status: number | null;
  error?: string;
}

/**
 * An event that is not a change-feed entry (a catalog change's), queued per subscription until delivered. It takes
 * its place in feed order at `at`: after every change written before it, before every change written from then on.
 */
export interface QueuedEvent {
  webhookId: string;
  type: EventType;
  /** Epoch ms. */
  at: number;
  /** The exact bytes every delivery of it sends. */
  body: string;
}

/** How many delivery log entries are kept per subscription (newest first). */
export const DELIVERY_LOG_SIZE = 100;

/** The state of a new subscription: everything after the cursor it starts from, nothing failed. */
export function initialState(cursor: string): DeliveryState {
  return { cursor, status: "active", attempts: 0, retryAt: 0, failingSince: null, generation: 0 };
}

/**
 * The cursor a subscription made at `ms` starts from: just before that millisecond, so every change written from
 * then on is delivered (feed cursors are `<ms>-<seq>`, see src/store/record-store.ts).
 */
export function cursorBefore(ms: number): string {
  return `${Math.max(0, ms - 1)}-999999999999999`;
}

/** A new signing secret: 24 random bytes, in the Standard Webhooks `whsec_<base64>` form. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export function newSubscriptionId(): string {
  return `sub_${crypto.randomUUID().replace(/-/g, "")}`;
}
