import type { RecordStore } from "../../src/store/record-store.ts";
import {
  cursorBefore,
  type EventType,
  initialState,
  newSecret,
  newSubscriptionId,
  type Subscription,
} from "../../src/webhooks/subscription.ts";
import type { SubscriptionStore } from "../../src/webhooks/subscription-store.ts";
import { jcStarCanonical } from "./records.ts";

/** Creates `count` jc-star records R-0 … R-(count-1), one feed entry each, in that order. */
export async function writeRecords(records: RecordStore, count: number, prefix = "R"): Promise<void> {
  for (let n = 0; n < count; n++) {
    const registrationId = `${prefix}-${n}`;
    await records.put({
      scheme: "jc-star",
      registrationId,
      canonical: jcStarCanonical(registrationId),
      owner: "p",
      ifNoneMatch: "*",
      now: new Date().toISOString(),
    });
  }
}

/** A subscription stored as POST /v1/subscriptions makes one, starting from now. */
export async function subscribe(
  store: SubscriptionStore,
  url: string,
  options: { events?: EventType[]; schemes?: string[] } = {},
): Promise<Subscription> {
  const subscription: Subscription = {
    id: newSubscriptionId(),
    owner: "p",
    url,
    events: options.events ?? ["record.created", "record.updated", "record.withdrawn", "record.expired"],
    schemes: options.schemes ?? [],
    secret: newSecret(),
    createdAt: new Date().toISOString(),
  };
  await store.create(subscription, initialState(cursorBefore(Date.now())));
  return subscription;
}
