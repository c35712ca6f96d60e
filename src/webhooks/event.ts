import type { Change } from "../store/record-store.ts";
import type { FeedEventType, Subscription } from "./subscription.ts";

/** A change-feed entry as the event a subscription receives. */
export function eventType(change: Change): FeedEventType {
  return `record.${change.type}`;
}

export function wants(subscription: Subscription, change: Change): boolean {
  return (
    subscription.events.includes(eventType(change)) &&
    (subscription.schemes.length === 0 || subscription.schemes.includes(change.scheme))
  );
}

/**
 * The webhook-id of a change sent to a subscription: derived, never random, so a re-delivery after a crash or a
 * replay carries the same id and a receiver can drop what it already has.
 */
export function webhookId(subscription: Subscription, change: Change): string {
  return `msg_${subscription.id}_${change.cursor}`;
}

/**
 * The body: the Standard Webhooks envelope (`type`, `timestamp`, `data`), thin — the change, and the record's path
 * to read it from (GET /v1/records/{scheme}/{registrationId}). `timestamp` is when the change happened, so every
 * delivery of one event has the same bytes.
 */
export function eventBody(change: Change): string {
  return JSON.stringify({
    type: eventType(change),
    timestamp: change.at,
    data: {
      cursor: change.cursor,
      scheme: change.scheme,
      registrationId: change.registrationId,
      version: change.version,
      record: `/v1/records/${encodeURIComponent(change.scheme)}/${encodeURIComponent(change.registrationId)}`,
    },
  });
}
