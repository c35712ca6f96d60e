import type { Logger } from "../deps.ts";
import { type Change, type RecordStore, StoreConflict } from "../store/record-store.ts";
import { type Backoff, exponentialBackoff, GIVE_UP_AFTER_MS } from "./backoff.ts";
import { eventBody, eventType, wants, webhookId } from "./event.ts";
import type { Send, SendResult } from "./sender.ts";
import { signatureHeaders } from "./signature.ts";
import type { DeliveryLogEntry, DeliveryState, EventType, QueuedEvent, Subscription } from "./subscription.ts";
import type { SubscriptionStore } from "./subscription-store.ts";

export interface DeliveryWorkerOptions {
  subscriptions: SubscriptionStore;
  records: RecordStore;
  send: Send;
  logger: Logger;
  /** Epoch ms for retry scheduling; injectable so tests run ~24 h of back-off without waiting. */
  now?: () => number;
  /** Epoch ms for the webhook-timestamp header: real time, since receivers reject a stale one. */
  signingTime?: () => number;
  backoff?: Backoff;
  giveUpAfterMs?: number;
  /** How often an idle worker looks at the feed again (the write path never waits on deliveries). */
  pollMs?: number;
  /** How long a worker that caught up after delivering waits before its next pass (default 25 ms, ≤ pollMs). */
  tailMs?: number;
  /** Feed entries read per subscription per pass. */
  batch?: number;
  /** Delivered events between cursor checkpoints (default 25), and the longest a checkpoint waits (500 ms). */
  checkpointEvery?: number;
  checkpointMs?: number;
}

/**
 * Delivers the change feed to subscriptions, on the Node origin only. Each subscription has its own cursor in the
 * store: a pass reads the feed after it, skips what the subscription does not want, and sends the rest one at a
 * time, in feed order, moving the cursor only past 2xx answers (checkpointed every few events). So a crash re-sends
 * the events since the last checkpoint, with the same webhook-ids (at-least-once); nothing is lost, since the feed is durable and the
 * cursor is read back at start-up. A failure blocks the subscription (order is kept) and is retried with back-off
 * until giveUpAfterMs has passed since the first failure; then the subscription is marked failing. Subscriptions
 * are served side by side: one slow receiver delays only its own.
 */
export class DeliveryWorker {
  private readonly now: () => number;
  private readonly signingTime: () => number;
  private readonly backoff: Backoff;
  private readonly giveUpAfterMs: number;
  private readonly pollMs: number;
  private readonly tailMs: number;
  private readonly batch: number;
  private readonly checkpointEvery: number;
  private readonly checkpointMs: number;
  private running = false;
  /** Set by a pass that left events to read (a full feed page, a full queue, or feed changes after queued events). */
  private backlog = false;
  /** Set by stop(): a pass under way stops after the event it is sending, so shutdown is not held by a backlog. */
  private stopping = false;
  private loop: Promise<void> | undefined;
  /**
   * Deliveries made since a subscription's last checkpoint, carried from one pass to the next: a worker following a
   * feed that grows a write at a time makes a pass per event or two, and a checkpoint per pass would cost Redis an
   * fsync per delivery, which the record writes then wait behind. Kept only while the stored generation is theirs.
   */
  private readonly held = new Map<string, { state: DeliveryState; pending: DeliveryLogEntry[]; since: number }>();
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.now = options.now ?? Date.now;
    this.signingTime = options.signingTime ?? Date.now;
    this.backoff = options.backoff ?? exponentialBackoff();
    this.giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
    this.pollMs = options.pollMs ?? 100;
    this.tailMs = Math.min(this.pollMs, options.tailMs ?? 25);
    this.batch = options.batch ?? 100;
    this.checkpointEvery = options.checkpointEvery ?? 25;
    this.checkpointMs = options.checkpointMs ?? 500;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Ends the loop after the pass under way (an event being sent is finished, and its cursor written). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    // What the last passes delivered is checkpointed before the worker is gone.
    for (const [id, { state, pending }] of this.held) {
      await this.options.subscriptions.saveState(id, state, pending).catch(() => false);
    }
    this.held.clear();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const sent = await this.runOnce().catch((error: Error) => {
        this.options.logger.warn({ component: "webhooks", error: error.message }, "delivery pass failed; retrying");
        return 0;
      });
      if (this.backlog || !this.running) continue;
      // A pass that caught up waits before the next even when it delivered — tailMs, shorter than the idle poll:
      // following a feed that grows a write at a time pass by pass would cost several store reads per event, in this
      // process and on the Redis the record writes use; waiting lets a few writes gather into one pass.
      const wait = sent > 0 ? this.tailMs : this.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** One pass over every subscription; how many deliveries succeeded. */
  async runOnce(): Promise<number> {
    this.backlog = false;
    const all = await this.options.subscriptions.list();
    const listed = new Set(all.map(({ subscription }) => subscription.id));
    for (const id of this.held.keys()) if (!listed.has(id)) this.held.delete(id);
    const counts = await Promise.all(all.map(({ subscription, state }) => this.drain(subscription, state)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private async drain(subscription: Subscription, start: DeliveryState): Promise<number> {
    if (start.status !== "active" || start.retryAt > this.now()) return 0;
    // Taken out of `held` for the pass; put back at its end unless checkpointed (or dropped: an error, a replay).
    const held = this.held.get(subscription.id);
    this.held.delete(subscription.id);
    const resumed = held && held.state.generation === start.generation ? held : undefined;
    let state = resumed?.state ?? start;
    let page: Awaited<ReturnType<RecordStore["changes"]>>;
    let queued: QueuedEvent[];
    try {
      // Queued first: a change the feed gets after this read cannot then pass over an event queued before it.
      queued = await this.options.subscriptions.queued(subscription.id, this.batch);
      page = await this.options.records.changes(state.cursor, this.batch, Date.now());
    } catch (error) {
      if (!(error instanceof StoreConflict && error.kind === "cursor-expired")) throw error;
      // The feed no longer holds where this subscription stood: it cannot be caught up event by event.
      await this.options.subscriptions.saveState(subscription.id, { ...state, status: "failing" });
      this.options.logger.warn({ component: "webhooks", subscription: subscription.id }, "cursor past retention");
      return 0;
    }
    let delivered = 0;
    // Delivered events are checkpointed (cursor + log entries, one store write) every checkpointEvery events or
    // checkpointMs, and when the feed has nothing new (see `held`): one fsync per checkpoint, not per event, so deliveries do not hold
    // the record writes back on a Redis that fsyncs every write. A crash re-sends at most the events since the last
    // checkpoint, each with its webhook-id.
    let pending: DeliveryLogEntry[] = resumed?.pending ?? [];
    let lastCheckpoint = resumed?.since ?? performance.now();
    const checkpoint = async (next: DeliveryState): Promise<boolean> => {
      const logged = pending;
      pending = [];
      lastCheckpoint = performance.now();
      // Refused: a replay came meanwhile, and the next pass starts from the replay's cursor.
      return this.options.subscriptions.saveState(subscription.id, next, logged);
    };
    // A queued event (a catalog change's) goes out after the feed changes written before it and before the rest.
    const barrier = queued[0]?.at;
    let finished = true;
    let atBarrier = false;
    for (const change of page.changes) {
      if (this.stopping) {
        finished = false;
        break;
      }
      if (barrier !== undefined && Date.parse(change.at) >= barrier) {
        atBarrier = true;
        break;
      }
      if (!wants(subscription, change)) {
        state = { ...state, cursor: change.cursor };
        continue;
      }
      const outgoing = feedEvent(subscription, change);
      const result = await this.deliver(subscription, outgoing);
      if (!result.ok) {
        await this.failed(subscription, state, outgoing, result, pending);
        return delivered;
      }
      pending.push(this.logEntry(outgoing, state.attempts + 1, "delivered", result));
      state = { ...state, cursor: change.cursor, attempts: 0, retryAt: 0, failingSince: null };
      delivered++;
      const due = pending.length >= this.checkpointEvery || performance.now() - lastCheckpoint >= this.checkpointMs;
      if (due && !(await checkpoint(state))) return delivered;
    }
    // Past entries the filters skipped, and undecodable ones the feed stepped over.
    if (finished && !atBarrier && page.next !== null) state = { ...state, cursor: page.next };
    const caughtUp = page.changes.length + page.undecodable.length < this.batch;
    if (!caughtUp || atBarrier || queued.length >= this.batch) this.backlog = true;
    if (finished && queued.length > 0 && (atBarrier || caughtUp)) {
      // The feed position first, so that a crash from here on re-sends nothing of the feed after a queued event.
      if ((pending.length > 0 || state.cursor !== start.cursor) && !(await checkpoint(state))) return delivered;
      for (const event of queued) {
        if (this.stopping) break;
        // A queued event does not move the cursor: it is logged at where the feed stands, and taking it off the
        // queue is its checkpoint (a crash before that re-sends it, with its webhook-id).
        const outgoing = { webhookId: event.webhookId, type: event.type, cursor: state.cursor, body: event.body };
        const result = await this.deliver(subscription, outgoing);
        if (!result.ok) {
          await this.failed(subscription, state, outgoing, result, pending);
          return delivered;
        }
        pending.push(this.logEntry(outgoing, state.attempts + 1, "delivered", result));
        state = { ...state, attempts: 0, retryAt: 0, failingSince: null };
        delivered++;
        await this.options.subscriptions.dequeue(subscription.id, event.webhookId);
      }
    }
    if (pending.length > 0 || state.cursor !== start.cursor) {
      // Checkpointed when due (checkpointEvery deliveries, checkpointMs), when the feed had nothing new (the worker
      // goes idle: what it holds is written once), or when the pass was cut short; otherwise held for the next pass.
      const idle = page.changes.length === 0 && page.undecodable.length === 0;
      const due = pending.length >= this.checkpointEvery || performance.now() - lastCheckpoint >= this.checkpointMs;
      if (idle || due || !finished || this.stopping) await checkpoint(state);
      else this.held.set(subscription.id, { state, pending, since: lastCheckpoint });
    }
    return delivered;
  }

  private async deliver(subscription: Subscription, outgoing: Outgoing): Promise<SendResult> {
    const headers = {
      "content-type": "application/json",
      "user-agent": "kakehashi-webhooks",
      ...signatureHeaders(subscription.secret, outgoing.webhookId, this.signingTime(), outgoing.body),
    };
    return this.options
      .send(subscription.url, headers, outgoing.body)
      .catch((error: Error): SendResult => ({ ok: false, status: null, error: error.message }));
  }

  private logEntry(
    outgoing: Outgoing,
    attempt: number,
    outcome: DeliveryLogEntry["outcome"],
    result: SendResult,
  ): DeliveryLogEntry {
    return {
      webhookId: outgoing.webhookId,
      cursor: outgoing.cursor,
      type: outgoing.type,
      attempt,
      at: new Date(this.now()).toISOString(),
      outcome,
      status: result.status,
      ...(result.error ? { error: result.error.slice(0, 200) } : {}),
    };
  }

  /** Records a failed attempt: the next one after a back-off, or — past the give-up time — the subscription failing. */
  private async failed(
    subscription: Subscription,
    state: DeliveryState,
    outgoing: Outgoing,
    result: SendResult,
    delivered: DeliveryLogEntry[],
  ): Promise<void> {
    const now = this.now();
    const failingSince = state.failingSince ?? now;
    const attempts = state.attempts + 1;
    const giveUp = now - failingSince >= this.giveUpAfterMs;
    const next: DeliveryState = giveUp
      ? { ...state, status: "failing", attempts, failingSince, retryAt: 0 }
      : { ...state, attempts, failingSince, retryAt: now + this.backoff(attempts) };
    const logged = this.logEntry(outgoing, attempts, giveUp ? "gave-up" : "failed", result);
    if (!(await this.options.subscriptions.saveState(subscription.id, next, [...delivered, logged]))) return;
    if (giveUp) {
      this.options.logger.warn(
        { component: "webhooks", subscription: subscription.id, attempts },
        "deliveries failed for the whole retry window: subscription marked failing",
      );
    }
  }
}

/** One event on its way: a feed change's, or a queued one's. `cursor` is where the feed stands for the log. */
interface Outgoing {
  webhookId: string;
  type: EventType;
  cursor: string;
  body: string;
}

function feedEvent(subscription: Subscription, change: Change): Outgoing {
  return {
    webhookId: webhookId(subscription, change),
    type: eventType(change),
    cursor: change.cursor,
    body: eventBody(change),
  };
}
