import { createHash } from "node:crypto";
import type { StoredRecord } from "../store/record-store.ts";
import type { RecognitionChange } from "./recognition-judge.ts";
import type { QueuedEvent, Subscription } from "./subscription.ts";

export const RECOGNITION_CHANGED = "record.recognition-changed" as const;

/**
 * The webhook-id of a record's recognition change under a new catalog, for one subscription: derived from the
 * subscription, the new catalog's digest and the record, so there is one per (record, catalog digest) however often
 * it is queued or sent.
 */
export function catalogWebhookId(subscription: Subscription, digest: string, record: StoredRecord): string {
  const recordId = createHash("sha256").update(`${record.scheme}\n${record.registrationId}`).digest("hex");
  return `msg_${subscription.id}_catalog_${digest.slice(0, 16)}_${recordId.slice(0, 24)}`;
}

/**
 * The event: the Standard Webhooks envelope, naming the record, both catalogs' digests, the day the answers were
 * asked for, and per target scheme whose answer moved, the answer before and after. `timestamp` is when the new
 * catalog was met, so every delivery of it has the same bytes.
 */
export function catalogEvent(
  subscription: Subscription,
  record: StoredRecord,
  catalogs: { before: string; after: string },
  asOf: string,
  changes: RecognitionChange[],
  at: number,
): QueuedEvent {
  const body = JSON.stringify({
    type: RECOGNITION_CHANGED,
    timestamp: new Date(at).toISOString(),
    data: {
      scheme: record.scheme,
      registrationId: record.registrationId,
      version: record.version,
      record: `/v1/records/${encodeURIComponent(record.scheme)}/${encodeURIComponent(record.registrationId)}`,
      catalog: catalogs,
      asOf,
      changes,
    },
  });
  return { webhookId: catalogWebhookId(subscription, catalogs.after, record), type: RECOGNITION_CHANGED, at, body };
}
