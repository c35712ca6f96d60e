import { describe, expect, it } from "vitest";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { RedisSubscriptionStore } from "../../src/webhooks/redis-subscription-store.ts";
import {
  DELIVERY_LOG_SIZE,
  type DeliveryLogEntry,
  initialState,
  newSecret,
  newSubscriptionId,
  type Subscription,
} from "../../src/webhooks/subscription.ts";
import type { SubscriptionStore } from "../../src/webhooks/subscription-store.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";
import { redisClientPerSuite } from "../helpers/redis-suite.ts";

const subscription = (owner: string): Subscription => ({
  id: newSubscriptionId(),
  owner,
  url: "https://partner.example/hook",
  events: ["record.created", "record.withdrawn"],
  schemes: ["jc-star"],
  secret: newSecret(),
  createdAt: new Date().toISOString(),
});
const entry = (n: number): DeliveryLogEntry => ({
  webhookId: `msg_${n}`,
  cursor: `${n}-0`,
  type: "record.created",
  attempt: 1,
  at: "2026-12-06T00:00:00.000Z",
  outcome: "delivered",
  status: 200,
});

/** The contract both twins keep: what the routes and the delivery worker rely on. */
function contract(name: string, make: () => SubscriptionStore) {
  describe(`subscription store contract: ${name}`, () => {
    it("keeps a subscription with its secret and state, lists by owner, deletes it with its log", async () => {
      const store = make();
      const mine = subscription(`p-${Math.random()}`);
      const theirs = subscription(`q-${Math.random()}`);
      await store.create(mine, initialState("5-0"));
      await store.create(theirs, initialState("6-0"));
      expect(await store.get(mine.id)).toEqual({ subscription: mine, state: initialState("5-0") });
      expect((await store.list(mine.owner)).map((s) => s.subscription.id)).toEqual([mine.id]);
      expect((await store.list()).map((s) => s.subscription.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      await store.appendLog(mine.id, entry(1));
      expect(await store.delete(mine.id)).toBe(true);
      expect(await store.delete(mine.id)).toBe(false);
      expect(await store.get(mine.id)).toBeUndefined();
      expect(await store.log(mine.id, 10)).toEqual([]);
    });

    it("refuses the worker's write of a state read before a replay (the generation moved)", async () => {
      const store = make();
      const sub = subscription("p");
      await store.create(sub, initialState("5-0"));
      const read = (await store.get(sub.id))?.state;
      if (!read) throw new Error("created");
      expect(await store.saveState(sub.id, { ...read, cursor: "7-0" })).toBe(true);
      const replayed = await store.replay(sub.id, "1-0");
      expect(replayed).toEqual({
        cursor: "1-0",
        status: "active",
        attempts: 0,
        retryAt: 0,
        failingSince: null,
        generation: read.generation + 1,
      });
      expect(await store.saveState(sub.id, { ...read, cursor: "9-0" }, [entry(9)])).toBe(false);
      expect(await store.log(sub.id, 10)).toEqual([]);
      expect((await store.get(sub.id))?.state).toEqual(replayed);
      const failing = { ...(replayed ?? read), status: "failing" as const, attempts: 3, failingSince: 1234 };
      expect(await store.saveState(sub.id, failing, [entry(3), entry(4)])).toBe(true);
      expect(await store.log(sub.id, 10)).toEqual([entry(4), entry(3)]);
      expect((await store.get(sub.id))?.state).toEqual(failing);
      expect(await store.replay("sub_missing", "1-0")).toBeUndefined();
      expect(await store.saveState("sub_missing", failing)).toBe(false);
    });

    it("keeps the newest log entries first, at most DELIVERY_LOG_SIZE", async () => {
      const store = make();
      const sub = subscription("p");
      await store.create(sub, initialState("5-0"));
      for (let n = 1; n <= DELIVERY_LOG_SIZE + 5; n++) await store.appendLog(sub.id, entry(n));
      const log = await store.log(sub.id, DELIVERY_LOG_SIZE + 10);
      expect(log).toHaveLength(DELIVERY_LOG_SIZE);
      expect(log[0]).toEqual(entry(DELIVERY_LOG_SIZE + 5));
      expect((await store.log(sub.id, 2)).map((e) => e.webhookId)).toEqual([
        `msg_${DELIVERY_LOG_SIZE + 5}`,
        `msg_${DELIVERY_LOG_SIZE + 4}`,
      ]);
    });

    it("queues events once per once-key, in order, pops only the delivered head, and drops the queue with the subscription", async () => {
      const store = make();
      const sub = subscription("p");
      await store.create(sub, initialState("5-0"));
      const event = (n: number) => ({
        webhookId: `msg_q${n}`,
        type: "record.recognition-changed" as const,
        at: 1000 + n,
        body: `{"n":${n}}`,
      });
      const once = `catalog:${Math.random()}`;
      expect(await store.enqueue(sub.id, [event(1), event(2)], once)).toBe(2);
      expect(await store.enqueue(sub.id, [event(2), event(3)], once)).toBe(1);
      expect(await store.queued(sub.id, 10)).toEqual([event(1), event(2), event(3)]);
      expect(await store.dequeue(sub.id, "msg_q2")).toBe(false);
      expect(await store.dequeue(sub.id, "msg_q1")).toBe(true);
      expect(await store.queued(sub.id, 1)).toEqual([event(2)]);
      expect(await store.enqueue("sub_missing", [event(4)], once)).toBe(0);
      await store.delete(sub.id);
      expect(await store.queued(sub.id, 10)).toEqual([]);
    });
  });
}

contract("memory", () => new MemorySubscriptionStore());

describe.skipIf(!redisServerInstalled())("on a real redis-server", () => {
  const suite = redisClientPerSuite();
  contract("redis", () => new RedisSubscriptionStore(suite.client));
});
