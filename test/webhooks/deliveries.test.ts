import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { DeliveryWorker } from "../../src/webhooks/delivery-worker.ts";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { nodeSender } from "../../src/webhooks/node-sender.ts";
import { RedisSubscriptionStore } from "../../src/webhooks/redis-subscription-store.ts";
import type { SubscriptionStore } from "../../src/webhooks/subscription-store.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";
import { recordingLogger } from "../helpers/test-app.ts";
import { subscribe, writeRecords } from "../helpers/webhook-fixtures.ts";
import { type Received, startReceiver } from "../helpers/webhook-receiver.ts";

const receivers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

/** A clock the test moves: back-off and the 24-hour give-up run without waiting. */
function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function worker(subscriptions: SubscriptionStore, records: RecordStore, now?: () => number) {
  return new DeliveryWorker({
    subscriptions,
    records,
    send: nodeSender({ allowLoopback: true, timeoutMs: 5000 }),
    logger: recordingLogger(),
    backoff: (attempt) => attempt * 60_000,
    // Checkpoints by count only (every 25 deliveries, and at the end of a pass), never by time: deterministic.
    checkpointEvery: 25,
    checkpointMs: Number.POSITIVE_INFINITY,
    ...(now ? { now } : {}),
  });
}

/** Runs passes until one delivers nothing (everything due has been sent). */
async function drain(w: DeliveryWorker): Promise<void> {
  while ((await w.runOnce()) > 0) {}
}

const bodyOf = (r: Received) =>
  JSON.parse(r.body) as { type: string; data: { registrationId: string; cursor: string } };

describe("webhook deliveries to a real receiver on loopback", () => {
  it("signs every delivery so the standardwebhooks package verifies it, in feed order", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    const hook = await receiver();
    const sub = await subscribe(subscriptions, hook.url);
    await writeRecords(records, 12);
    await drain(worker(subscriptions, records));

    expect(hook.received).toHaveLength(12);
    const verifier = new Webhook(sub.secret);
    const verified = hook.received.map((r) => verifier.verify(r.body, r.headers as Record<string, string>));
    expect(verified.map((event) => (event as { data: { registrationId: string } }).data.registrationId)).toEqual(
      Array.from({ length: 12 }, (_, n) => `R-${n}`),
    );
    expect(verified.every((event) => (event as { type: string }).type === "record.created")).toBe(true);
    // Another secret does not verify: the signature is over the secret, not decoration.
    const [first] = hook.received;
    if (!first) throw new Error("delivered");
    expect(() =>
      new Webhook(sub.secret.replace(/^whsec_./, "whsec_A")).verify(
        first.body,
        first.headers as Record<string, string>,
      ),
    ).toThrow();
    const state = (await subscriptions.get(sub.id))?.state;
    expect(state?.cursor).toBe(bodyOf(hook.received.at(-1) as Received).data.cursor);
    const log = await subscriptions.log(sub.id, 100);
    expect(log).toHaveLength(12);
    expect(log.every((entry) => entry.outcome === "delivered" && entry.status === 200)).toBe(true);
  });

  it("sends only the events and schemes subscribed to, and moves past the rest", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    const hook = await receiver();
    const other = await receiver();
    const sub = await subscribe(subscriptions, hook.url, { events: ["record.withdrawn"] });
    await subscribe(subscriptions, other.url, { schemes: ["sg-cls"] });
    await writeRecords(records, 3);
    await records.withdraw({
      scheme: "jc-star",
      registrationId: "R-1",
      ifMatch: '"v1"',
      now: new Date().toISOString(),
    });
    await drain(worker(subscriptions, records));
    expect(hook.received.map((r) => [bodyOf(r).type, bodyOf(r).data.registrationId])).toEqual([
      ["record.withdrawn", "R-1"],
    ]);
    expect(other.received).toEqual([]);
    const page = await records.changes(undefined, 100, Date.now());
    expect((await subscriptions.get(sub.id))?.state.cursor).toBe(page.next);
  });

  it("retries a failing receiver with back-off, keeps the order, and keeps the webhook-id across attempts", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    // The first three attempts fail (500, 503, then a redirect, which is never followed); then all succeed.
    const answers = [500, 503, [302, { location: "http://127.0.0.1:1/elsewhere" }] as [number, Record<string, string>]];
    const hook = await receiver((_, index) => answers[index] ?? 200);
    const sub = await subscribe(subscriptions, hook.url);
    await writeRecords(records, 3);
    const clock = manualClock();
    const w = worker(subscriptions, records, clock.now);

    expect(await w.runOnce()).toBe(0);
    expect(hook.received).toHaveLength(1);
    // Not due yet: the back-off (attempt × 1 min here) holds the next attempt, and the later events wait behind it.
    expect(await w.runOnce()).toBe(0);
    expect(hook.received).toHaveLength(1);
    const waiting = (await subscriptions.get(sub.id))?.state;
    expect(waiting).toMatchObject({ attempts: 1, status: "active", retryAt: clock.now() + 60_000 });
    clock.advance(60_000);
    await w.runOnce();
    clock.advance(120_000);
    await w.runOnce();
    clock.advance(180_000);
    await drain(w);

    const ids = hook.received.map((r) => r.headers["webhook-id"]);
    const names = hook.received.map((r) => bodyOf(r).data.registrationId);
    expect(names).toEqual(["R-0", "R-0", "R-0", "R-0", "R-1", "R-2"]);
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(new Set(ids).size).toBe(3);
    const log = await subscriptions.log(sub.id, 100);
    expect(log.map((e) => [e.outcome, e.status, e.attempt]).reverse()).toEqual([
      ["failed", 500, 1],
      ["failed", 503, 2],
      ["failed", 302, 3],
      ["delivered", 200, 4],
      ["delivered", 200, 1],
      ["delivered", 200, 1],
    ]);
    expect(log.find((e) => e.status === 302)?.error).toBe("redirect not followed");
    expect((await subscriptions.get(sub.id))?.state).toMatchObject({ attempts: 0, failingSince: null });
  });

  it("marks the subscription failing after ~24 hours of failures, and a replay resumes it", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    let up = false;
    const hook = await receiver(() => (up ? 200 : 500));
    const sub = await subscribe(subscriptions, hook.url);
    await writeRecords(records, 2);
    const clock = manualClock();
    const w = worker(subscriptions, records, clock.now);
    // An hour a step: 25 failed attempts span the 24 hours.
    for (let hour = 0; hour <= 24; hour++) {
      await w.runOnce();
      clock.advance(3600_000);
    }
    const failing = await subscriptions.get(sub.id);
    expect(failing?.state.status).toBe("failing");
    expect((await subscriptions.log(sub.id, 1))[0]?.outcome).toBe("gave-up");
    const attempts = hook.received.length;
    clock.advance(3600_000);
    await w.runOnce();
    expect(hook.received).toHaveLength(attempts);

    up = true;
    await subscriptions.replay(sub.id, failing?.state.cursor ?? "");
    await drain(w);
    expect(hook.received.slice(attempts).map((r) => bodyOf(r).data.registrationId)).toEqual(["R-0", "R-1"]);
    expect((await subscriptions.get(sub.id))?.state.status).toBe("active");
  });

  it("replays from a cursor: the events after it again, with the webhook-ids they had", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    const hook = await receiver();
    const sub = await subscribe(subscriptions, hook.url);
    await writeRecords(records, 5);
    const w = worker(subscriptions, records);
    await drain(w);
    const first = hook.received.map((r) => [r.headers["webhook-id"], r.body]);
    const from = bodyOf(hook.received[1] as Received).data.cursor;
    await subscriptions.replay(sub.id, from);
    await drain(w);
    expect(hook.received.slice(5).map((r) => [r.headers["webhook-id"], r.body])).toEqual(first.slice(2));
  });

  it("refuses to connect to an address the rules forbid, whatever the subscription says", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    const hook = await receiver();
    // Stored directly (the route would refuse it): the sender is the last line, at connect time.
    const byName = await subscribe(subscriptions, hook.url.replace("127.0.0.1", "localhost"));
    const byAddress = await subscribe(subscriptions, hook.url);
    await writeRecords(records, 1);
    const strict = new DeliveryWorker({
      subscriptions,
      records,
      send: nodeSender({ allowLoopback: false }),
      logger: recordingLogger(),
    });
    await strict.runOnce();
    expect(hook.received).toEqual([]);
    expect((await subscriptions.log(byName.id, 1))[0]).toMatchObject({ outcome: "failed", status: null });
    expect((await subscriptions.log(byName.id, 1))[0]?.error).toMatch(/not an allowed address/);
    expect((await subscriptions.log(byAddress.id, 1))[0]?.error).toMatch(/not an allowed address/);
  });
});

describe("checkpoints while following a feed that grows a write at a time", () => {
  it("holds the cursor across passes until checkpointEvery, an idle pass or stop: not one store write per event", async () => {
    const records = new MemoryRecordStore();
    const subscriptions = new MemorySubscriptionStore();
    const hook = await receiver();
    const sub = await subscribe(subscriptions, hook.url);
    let saves = 0;
    const save = subscriptions.saveState.bind(subscriptions);
    subscriptions.saveState = async (id, state, logged) => {
      saves++;
      return save(id, state, logged);
    };
    const w = worker(subscriptions, records);
    // Each pass finds the one write made since the last: it delivers it and holds the checkpoint.
    for (let n = 0; n < 10; n++) {
      await writeRecords(records, 1, `tail-${n}`);
      expect(await w.runOnce()).toBe(1);
    }
    expect(hook.received).toHaveLength(10);
    expect(saves).toBe(0);
    // Nothing new: what it holds is written, once, with the ten log entries.
    expect(await w.runOnce()).toBe(0);
    expect(saves).toBe(1);
    const stored = await subscriptions.get(sub.id);
    expect(stored?.state.cursor).toBe(bodyOf(hook.received[9] as Received).data.cursor);
    expect(await subscriptions.log(sub.id, 20)).toHaveLength(10);

    // stop() writes what the last passes held.
    await writeRecords(records, 1, "last");
    expect(await w.runOnce()).toBe(1);
    expect(saves).toBe(1);
    await w.stop();
    expect(saves).toBe(2);
    expect((await subscriptions.get(sub.id))?.state.cursor).toBe(bodyOf(hook.received[10] as Received).data.cursor);
  });
});

describe.skipIf(!redisServerInstalled())("webhook deliveries on Redis: crash recovery", () => {
  const suite = redisClientPerSuite();

  it("a worker stopped mid-stream and a new one started deliver every event, duplicates with the same id", async () => {
    const records = new RedisRecordStore(suite.client);
    const hook = await receiver();
    const sub = await subscribe(new RedisSubscriptionStore(suite.client), hook.url);
    await writeRecords(records, 40);
    // The first worker dies at its second checkpoint: the first (after 25 deliveries) was written, the second
    // (the 15 after, when the next pass finds the feed has nothing new) was not — those 15 reached the receiver,
    // their cursor did not.
    let writes = 0;
    const dying = new RedisSubscriptionStore(suite.client);
    const save = dying.saveState.bind(dying);
    dying.saveState = async (id, state, logged) => {
      if (++writes > 1) throw new Error("killed");
      return save(id, state, logged);
    };
    await expect(drain(worker(dying, records))).rejects.toThrow("killed");
    expect(hook.received).toHaveLength(40);

    // A new process: new clients' objects, the same Redis.
    await drain(worker(new RedisSubscriptionStore(suite.client), new RedisRecordStore(suite.client)));
    const names = hook.received.map((r) => bodyOf(r).data.registrationId);
    const expected = Array.from({ length: 40 }, (_, n) => `R-${n}`);
    expect(names).toEqual([...expected, ...expected.slice(25)]);
    for (let n = 25; n < 40; n++) {
      const [lost, again] = [hook.received[n], hook.received[n + 15]];
      expect(again?.headers["webhook-id"]).toBe(lost?.headers["webhook-id"]);
      expect(again?.body).toBe(lost?.body);
    }
    expect(new Set(hook.received.map((r) => r.headers["webhook-id"])).size).toBe(40);
    const verifier = new Webhook(sub.secret);
    for (const r of hook.received) verifier.verify(r.body, r.headers as Record<string, string>);
  });
});
