import { Webhook } from "standardwebhooks";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { compileCatalog } from "../../src/catalog/compile.ts";
import type { Catalog } from "../../src/catalog/model.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { announceCatalogChange } from "../../src/webhooks/catalog-change.ts";
import { type CatalogSnapshotStore, MemoryCatalogSnapshots } from "../../src/webhooks/catalog-snapshot-store.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { nodeSender } from "../../src/webhooks/node-sender.ts";
import { RedisCatalogSnapshots } from "../../src/webhooks/redis-catalog-snapshot-store.ts";
import { RedisSubscriptionStore } from "../../src/webhooks/redis-subscription-store.ts";
import type { SubscriptionStore } from "../../src/webhooks/subscription-store.ts";
import { dataFilesWith } from "../helpers/catalog-files.ts";
import { ukRecognitionPostponed } from "../helpers/catalog-variants.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { recordingLogger } from "../helpers/test-app.ts";
import { subscribe, writeRecords } from "../helpers/webhook-fixtures.ts";
import { type Received, startReceiver } from "../helpers/webhook-receiver.ts";

const receivers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver() {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

let catalogA: Catalog;
let catalogB: Catalog;
beforeAll(() => {
  catalogA = compileCatalog(dataFilesWith());
  catalogB = ukRecognitionPostponed();
}, 60_000);

interface RecognitionEvent {
  type: string;
  data: {
    scheme: string;
    registrationId: string;
    catalog: { before: string; after: string };
    changes: { target: string; before: { verdict: string } | null; after: { verdict: string } | null }[];
  };
}
const eventOf = (r: Received) => JSON.parse(r.body) as RecognitionEvent & { data: { registrationId: string } };

function check(
  catalog: Catalog,
  stores: { snapshots: CatalogSnapshotStore; subscriptions: SubscriptionStore; records: RecordStore },
  now?: () => number,
) {
  return announceCatalogChange({ catalog, ...stores, logger: recordingLogger(), ...(now ? { now } : {}) });
}

function worker(subscriptions: SubscriptionStore, records: RecordStore) {
  return new DeliveryWorker({
    subscriptions,
    records,
    send: nodeSender({ allowLoopback: true, timeoutMs: 5000 }),
    logger: recordingLogger(),
    checkpointMs: Number.POSITIVE_INFINITY,
  });
}
async function drain(w: DeliveryWorker): Promise<void> {
  while ((await w.runOnce()) > 0) {}
}

describe("catalog-change events: a new catalog re-judges what stored records earn", { timeout: 60_000 }, () => {
  it("sends one signed event per record whose answer moved, to the subscriptions that asked; the same catalog again sends nothing", async () => {
    const stores = {
      snapshots: new MemoryCatalogSnapshots(),
      subscriptions: new MemorySubscriptionStore(),
      records: new MemoryRecordStore(),
    };
    const hook = await receiver();
    const wanted = await subscribe(stores.subscriptions, hook.url, {
      events: ["record.recognition-changed"],
      schemes: ["jc-star"],
    });
    const feedOnly = await subscribe(stores.subscriptions, hook.url, { events: ["record.updated"] });
    const otherScheme = await subscribe(stores.subscriptions, hook.url, {
      events: ["record.recognition-changed"],
      schemes: ["sg-cls"],
    });
    await writeRecords(stores.records, 3);

    expect(await check(catalogA, stores)).toEqual({ outcome: "first" });
    expect(await check(catalogA, stores)).toEqual({ outcome: "unchanged" });
    expect(await check(catalogB, stores)).toMatchObject({ outcome: "announced", judged: 3, changed: 3, queued: 3 });
    expect(await stores.subscriptions.queued(feedOnly.id, 10)).toEqual([]);
    expect(await stores.subscriptions.queued(otherScheme.id, 10)).toEqual([]);

    await drain(worker(stores.subscriptions, stores.records));
    expect(hook.received.map((r) => eventOf(r).data.registrationId)).toEqual(["R-0", "R-1", "R-2"]);
    const verifier = new Webhook(wanted.secret);
    for (const r of hook.received) {
      const event = verifier.verify(r.body, r.headers as Record<string, string>) as RecognitionEvent;
      expect(event.type).toBe("record.recognition-changed");
      expect(event.data.catalog).toEqual({ before: catalogA.digest, after: catalogB.digest });
      const uk = event.data.changes.find((c) => c.target === "uk-psti");
      expect(uk?.before?.verdict).toBe("recognized");
      expect(uk?.after?.verdict).not.toBe("recognized");
      // Only the answers that moved: the UK rule changed nothing in Singapore.
      expect(event.data.changes.map((c) => c.target)).not.toContain("sg-cls");
    }
    const log = await stores.subscriptions.log(wanted.id, 10);
    expect(log.map((e) => [e.type, e.outcome])).toEqual(Array(3).fill(["record.recognition-changed", "delivered"]));

    expect(await check(catalogB, stores)).toEqual({ outcome: "unchanged" });
    await drain(worker(stores.subscriptions, stores.records));
    expect(hook.received).toHaveLength(3);
    // Back to A is a change too: the answers move back.
    expect(await check(catalogA, stores)).toMatchObject({ outcome: "announced", changed: 3, queued: 3 });
  });

  it("places the events in feed order: after the changes written before the catalog was met, before the later ones", async () => {
    const stores = {
      snapshots: new MemoryCatalogSnapshots(),
      subscriptions: new MemorySubscriptionStore(),
      records: new MemoryRecordStore(),
    };
    const hook = await receiver();
    await subscribe(stores.subscriptions, hook.url, { events: ["record.created", "record.recognition-changed"] });
    await check(catalogA, stores);
    await writeRecords(stores.records, 2);
    const met = Date.now() + 1;
    while (Date.now() <= met) await new Promise((resolve) => setTimeout(resolve, 1));
    await check(catalogB, stores, () => met);
    await writeRecords(stores.records, 1, "later");

    await drain(worker(stores.subscriptions, stores.records));
    expect(hook.received.map((r) => `${eventOf(r).type} ${eventOf(r).data.registrationId}`)).toEqual([
      "record.created R-0",
      "record.created R-1",
      "record.recognition-changed R-0",
      "record.recognition-changed R-1",
      "record.created later-0",
    ]);
  });
});

describe.skipIf(!redisServerInstalled())("catalog-change events on Redis: exactly once per record and catalog", () => {
  const suite = redisClientPerSuite();

  it("two instances starting at once with the new catalog queue each event once; a run that died is redone without repeats", async () => {
    await suite.client.flushall();
    const records = new RedisRecordStore(suite.client);
    const subscriptions = new RedisSubscriptionStore(suite.client);
    const sub = await subscribe(subscriptions, "http://127.0.0.1:9/hook", { events: ["record.recognition-changed"] });
    await writeRecords(records, 5);
    const instance = () => ({
      snapshots: new RedisCatalogSnapshots(suite.client),
      subscriptions: new RedisSubscriptionStore(suite.client),
      records: new RedisRecordStore(suite.client),
    });
    expect(await check(catalogA, instance())).toEqual({ outcome: "first" });

    // The first run dies after queuing, before it records the new catalog: the next start-up redoes it.
    const dying = instance();
    dying.snapshots.record = async () => {
      throw new Error("killed");
    };
    await expect(check(catalogB, dying)).rejects.toThrow("killed");
    expect(await subscriptions.queued(sub.id, 100)).toHaveLength(5);

    const outcomes = await Promise.all([check(catalogB, instance()), check(catalogB, instance())]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["announced", "busy"]);
    expect(outcomes.find((o) => o.outcome === "announced")).toMatchObject({ changed: 5, queued: 0 });
    const queued = await subscriptions.queued(sub.id, 100);
    expect(queued).toHaveLength(5);
    expect(new Set(queued.map((e) => e.webhookId)).size).toBe(5);
    expect(await check(catalogB, instance())).toEqual({ outcome: "unchanged" });
    expect(await subscriptions.queued(sub.id, 100)).toHaveLength(5);
  });
});
