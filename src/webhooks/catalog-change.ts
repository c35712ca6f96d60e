import type { Catalog } from "../catalog/model.ts";
import type { Logger } from "../deps.ts";
import type { RecordStore } from "../store/record-store.ts";
import { catalogEvent, RECOGNITION_CHANGED } from "./catalog-event.ts";
import type { CatalogSnapshotStore } from "./catalog-snapshot-store.ts";
import { RecognitionJudge } from "./recognition-judge.ts";
import type { QueuedEvent, Subscription } from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

export interface CatalogChangeOptions {
  /** The catalog this process runs. */
  catalog: Catalog;
  snapshots: CatalogSnapshotStore;
  subscriptions: SubscriptionStore;
  records: RecordStore;
  logger: Logger;
  /** Epoch ms: when the change is met, which places its events in feed order. */
  now?: () => number;
  /** Records read per page. */
  pageSize?: number;
  /** How long one instance holds the re-judging lease (default 10 minutes; it is released when done). */
  leaseMs?: number;
}

export type CatalogChangeOutcome =
  | { outcome: "first" | "unchanged" | "busy" | "unreadable" }
  | { outcome: "announced"; before: string; after: string; judged: number; changed: number; queued: number };

/**
 * At start-up: compares the catalog with the one last recorded in the store and, when it differs, re-judges the
 * recognition answers stored records earn (each other scheme, today) under the old catalog and the new, and queues a
 * `record.recognition-changed` event for each record whose answers moved, to every subscription that asked for that
 * type and whose scheme filter holds the record. The events go out through the delivery worker like feed events:
 * signed, in feed order (placed at the moment the change was met), retried with back-off.
 *
 * Exactly once per (record, catalog digest, subscription): the queue remembers every webhook-id it took under the new
 * digest, so two instances starting together — or a run that died halfway and is redone at the next start — queue
 * nothing twice; a lease lets only one of them do the work. The new catalog is recorded last, so a run that failed
 * is redone at the next start-up.
 */
export async function announceCatalogChange(options: CatalogChangeOptions): Promise<CatalogChangeOutcome> {
  const { catalog, snapshots, logger } = options;
  const log = { component: "webhooks", catalog: catalog.digest };
  const recorded = await snapshots.digest();
  if (recorded === catalog.digest) return { outcome: "unchanged" };
  if (recorded === undefined) {
    await snapshots.record(catalog.digest, JSON.stringify(catalog));
    return { outcome: "first" };
  }
  const leaseMs = options.leaseMs ?? 600_000;
  if (!(await snapshots.claim(catalog.digest, leaseMs))) {
    logger.info(log, "another instance is re-judging the records for this catalog");
    return { outcome: "busy" };
  }
  try {
    const previous = await snapshots.catalog();
    // Another instance finished the same change between the first look and the lease.
    if (!previous || previous.digest === catalog.digest) return { outcome: "unchanged" };
    let before: Catalog;
    try {
      before = JSON.parse(previous.json) as Catalog;
    } catch {
      logger.warn({ ...log, previous: previous.digest }, "the recorded catalog does not parse: no recognition events");
      await snapshots.record(catalog.digest, JSON.stringify(catalog));
      return { outcome: "unreadable" };
    }
    const result = await announce(options, before, options.now?.() ?? Date.now());
    await snapshots.record(catalog.digest, JSON.stringify(catalog));
    logger.info(
      { ...log, ...result },
      "catalog changed: recognition events queued for the records whose answers moved",
    );
    return { outcome: "announced", ...result };
  } finally {
    await snapshots.release(catalog.digest);
  }
}

async function announce(options: CatalogChangeOptions, before: Catalog, at: number) {
  const { catalog, subscriptions, records } = options;
  const asOf = new Date(at).toISOString().slice(0, 10);
  const catalogs = { before: before.digest, after: catalog.digest };
  const listeners = (await subscriptions.list())
    .map(({ subscription }) => subscription)
    .filter((s) => s.events.includes(RECOGNITION_CHANGED));
  let judged = 0;
  let changed = 0;
  let queued = 0;
  if (listeners.length === 0) return { ...catalogs, judged, changed, queued };
  const judge = new RecognitionJudge(before, catalog, asOf);
  let cursor: string | undefined;
  do {
    const page = await records.list({}, cursor, options.pageSize ?? 500);
    const events = new Map<Subscription, QueuedEvent[]>();
    for (const record of page.records) {
      judged++;
      const changes = judge.changes(record);
      if (changes.length === 0) continue;
      changed++;
      for (const subscription of listeners) {
        if (subscription.schemes.length > 0 && !subscription.schemes.includes(record.scheme)) continue;
        const queue = events.get(subscription) ?? [];
        events.set(subscription, queue);
        queue.push(catalogEvent(subscription, record, catalogs, asOf, changes, at));
      }
    }
    for (const [subscription, queue] of events) {
      queued += await subscriptions.enqueue(subscription.id, queue, `catalog:${catalog.digest}`);
    }
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return { ...catalogs, judged, changed, queued };
}
