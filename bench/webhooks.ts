import { Redis } from "ioredis";
import { MemoryRecordStore } from "../src/store/memory.ts";
import type { RecordStore } from "../src/store/record-store.ts";
import { RedisRecordStore } from "../src/store/redis.ts";
import { DeliveryWorker } from "../src/webhooks/delivery-worker.ts";
import { MemorySubscriptionStore } from "../src/webhooks/memory-subscription-store.ts";
import { nodeSender } from "../src/webhooks/node-sender.ts";
import { RedisSubscriptionStore } from "../src/webhooks/redis-subscription-store.ts";
import type { SubscriptionStore } from "../src/webhooks/subscription-store.ts";
import { redisServerInstalled, startRedis } from "../test/helpers/redis-server.ts";
import { subscribe, writeRecords } from "../test/helpers/webhook-fixtures.ts";
import { startReceiver } from "../test/helpers/webhook-receiver.ts";

/**
 * Webhook deliveries (docs/webhooks.md), on the durable Redis store when redis-server is installed, else memory:
 * - latency, record write → receiver, writes paced 10 ms apart (goal p99 ≤ 1 s on an idle machine);
 * - throughput, a burst of writes delivered to one subscription, in order, signed;
 * - what deliveries cost the write path: the same writes with the worker running and without, as a ratio. Writes
 *   never wait on deliveries (the worker reads the feed on its own); what the ratio shows is contention — here the
 *   writer, the worker and the receiver share one process and the machine's cores, and Redis's fsyncs.
 */
const silent = { info() {}, warn() {}, error() {} };

async function measure(records: RecordStore, subscriptions: SubscriptionStore): Promise<string[]> {
  const arrivals = new Map<string, number>();
  const hook = await startReceiver((request) => {
    const body = JSON.parse(request.body) as { data: { registrationId: string } };
    arrivals.set(body.data.registrationId, performance.now());
    return 204;
  });
  await subscribe(subscriptions, hook.url);
  const worker = new DeliveryWorker({
    subscriptions,
    records,
    send: nodeSender({ allowLoopback: true }),
    logger: silent,
  });
  worker.start();
  const until = async (count: number) => {
    while (hook.received.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  try {
    // Latency: one write at a time, paced, each timed from before its write to its arrival.
    const written = new Map<string, number>();
    const paced = 200;
    for (let n = 0; n < paced; n++) {
      written.set(`L-${n}`, performance.now());
      await writeRecords(records, 1, `L-${n}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await until(paced);
    const latencies = [...written]
      .map(([id, at]) => (arrivals.get(`${id}-0`) ?? Number.NaN) - at)
      .sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;

    // Throughput: a burst written with the worker stopped (the write-only time), then delivered as a backlog.
    await worker.stop();
    const burst = 1000;
    const quietStart = performance.now();
    await writeRecords(records, burst, "Q");
    const writingAlone = performance.now() - quietStart;
    const drainStart = performance.now();
    worker.start();
    await until(paced + burst);
    const deliverySeconds = (performance.now() - drainStart) / 1000;
    // The same burst written while the worker delivers it: what deliveries cost the write path.
    const busyStart = performance.now();
    await writeRecords(records, burst, "T");
    const writingWithWorker = performance.now() - busyStart;
    await until(paced + 2 * burst);
    return [
      `| webhook latency, write → receiver (${paced} paced writes) | p50 ${p(0.5).toFixed(0)} ms | p99 ${p(0.99).toFixed(0)} ms | goal p99 ≤ 1000 ms |`,
      `| webhook throughput, ${burst} writes to one subscription | ${(burst / deliverySeconds).toFixed(0)} deliveries/s | in feed order, signed | |`,
      `| record write throughput with deliveries running ÷ without | ${(writingAlone / writingWithWorker).toFixed(2)}× | ${burst} writes each | goal ≈ 1× |`,
    ];
  } finally {
    await worker.stop();
    await hook.close();
  }
}

export async function webhookDeliveries(): Promise<string[]> {
  if (!redisServerInstalled()) {
    const rows = await measure(new MemoryRecordStore(), new MemorySubscriptionStore());
    return rows.map((row) => row.replace("| webhook", "| webhook (memory store)"));
  }
  const server = await startRedis({ durable: true });
  const client = new Redis(server.url, { maxRetriesPerRequest: 0 });
  try {
    return await measure(new RedisRecordStore(client), new RedisSubscriptionStore(client));
  } finally {
    client.disconnect();
    await server.stop();
  }
}
