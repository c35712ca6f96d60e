import { createHash } from "node:crypto";
import { createKakehashiClient } from "kakehashi/client";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { nodeSender } from "../../src/webhooks/node-sender.ts";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp, recordingLogger } from "../helpers/test-app.ts";
import { startReceiver } from "../helpers/webhook-receiver.ts";

const token = "webhook-e2e-partner-key-0123456789";
const keys = new ApiKeys([
  { id: "ipa", role: "partner", sha256: createHash("sha256").update(token).digest("hex"), schemes: ["jc-star"] },
]);

/** Waits for a condition the worker's loop brings about; the test's own timeout is the bound, not a timed assertion. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

// The typed client subscribes and writes through a real HTTP server; the delivery loop (as the Node entry runs it)
// pushes to a receiver on loopback, which verifies with the standardwebhooks package.
describe("webhooks end to end, through the typed client", () => {
  const records = new MemoryRecordStore();
  const subscriptions = new MemorySubscriptionStore();
  const worker = new DeliveryWorker({
    subscriptions,
    records,
    send: nodeSender({ allowLoopback: true }),
    logger: recordingLogger(),
    pollMs: 5,
  });
  let baseUrl = "";
  let stop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const { app } = createTestApp({
      records,
      subscriptions,
      apiKeys: keys,
      webhookTargets: { allowLoopback: true, resolve: async () => ["127.0.0.1"] },
    });
    ({ origin: baseUrl, stop } = await serveApp(app));
    worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await stop();
  });

  it("subscribes, receives a verified event per write, reads the delivery log, and replays", async () => {
    const hook = await startReceiver();
    try {
      const kakehashi = createKakehashiClient({ baseUrl, apiKey: token });
      const created = await kakehashi.POST("/v1/subscriptions", {
        body: { url: hook.url, events: ["record.created", "record.updated"], schemes: ["jc-star"] },
      });
      expect(created.response.status).toBe(201);
      const subscription = created.data;
      if (!subscription) throw new Error("created");

      const record = recordFixture("jc-star");
      const path = { scheme: "jc-star", registrationId: String(record.registrationNumber) };
      const put = await kakehashi.PUT("/v1/records/{scheme}/{registrationId}", {
        params: { path, header: { "if-none-match": "*" } },
        body: { record },
      });
      expect(put.response.status).toBe(201);
      await until(() => hook.received.length === 1);
      const [delivery] = hook.received;
      if (!delivery) throw new Error("delivered");
      const event = new Webhook(subscription.secret).verify(delivery.body, delivery.headers as Record<string, string>);
      expect(event).toMatchObject({ type: "record.created", data: { ...path, version: 1 } });

      const id = { params: { path: { id: subscription.id } } };
      // The log is written with the worker's next checkpoint (when the feed has nothing new): a pass later.
      const readLog = () =>
        kakehashi.GET("/v1/subscriptions/{id}/deliveries", {
          params: { path: { id: subscription.id }, query: { limit: 10 } },
        });
      let log = await readLog();
      while ((log.data?.deliveries.length ?? 0) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        log = await readLog();
      }
      expect(log.data?.deliveries.map((d) => [d.outcome, d.webhookId])).toEqual([
        ["delivered", delivery.headers["webhook-id"]],
      ]);
      // From the cursor the subscription started at: the one event again, with its webhook-id.
      const replay = await kakehashi.POST("/v1/subscriptions/{id}/replay", {
        params: { path: { id: subscription.id }, query: { from: subscription.cursor } },
      });
      expect(replay.response.status).toBe(202);
      await until(() => hook.received.length === 2);
      expect(hook.received[1]?.headers["webhook-id"]).toBe(delivery.headers["webhook-id"]);
      const gone = await kakehashi.DELETE("/v1/subscriptions/{id}", id);
      expect(gone.response.status).toBe(204);
    } finally {
      await hook.close();
    }
  });
});
