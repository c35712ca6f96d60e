import { createHash } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { checkedGlobalFetch } from "./checked-fetch.ts";
import { recordFixture } from "./records.ts";
import { freePort, startRedis } from "./redis-server.ts";
import { type SpawnedServer, spawnServer } from "./spawn-server.ts";
import { type Received, startReceiver } from "./webhook-receiver.ts";

/**
 * The durability goal as a scenario: a stream of record writes from a client, the origin (src/node.ts, a
 * child process) SIGKILLed and restarted a third of the way through, its Redis (appendonly yes, appendfsync always)
 * SIGKILLed and restarted on the same data directory two thirds through; then every acknowledged write's event must
 * reach the receiver on loopback at least once, duplicates with the same webhook-id and bytes, first deliveries in
 * feed order. Run by test/webhooks/kill-recovery.test.ts (a smaller stream) and `npm run bench:webhooks-kill` (5,000).
 *
 * The client retries a write that got no answer or a 503 until it gets 201, or 412 (an earlier attempt was committed
 * before its answer was lost): so every record ends up written, and each counts as acknowledged.
 */
export interface KillScenarioResult {
  writes: number;
  /** Distinct events received (one per record). */
  delivered: number;
  /** Deliveries of an event already received (same webhook-id). */
  duplicates: number;
  /** Records whose created event never came. */
  lost: string[];
  /** Problems with what came: a webhook-id with two bodies, a signature that does not verify, feed order broken. */
  problems: string[];
  /** Milliseconds: writes (kills included), then until the last event arrived. */
  writeMs: number;
  drainMs: number;
}

const token = "kill-scenario-admin-key-0123456789abcdef";
/** Every answer checked against the OpenAPI document, as everywhere in the tests. */
const fetch = checkedGlobalFetch(globalThis.fetch, () => true);

export async function runKillScenario(options: {
  writes: number;
  concurrency?: number;
  /** Bound on waiting for the deliveries after the last write. */
  drainTimeoutMs?: number;
  log?: (line: string) => void;
}): Promise<KillScenarioResult> {
  const log = options.log ?? (() => {});
  const redis = await startRedis({ durable: true });
  const hook = await startReceiver(() => 204);
  const port = await freePort();
  const env = {
    REDIS_URL: redis.url,
    PORT: String(port),
    LOG_LEVEL: "warn",
    WEBHOOK_ALLOW_LOOPBACK: "true",
    RATE_LIMIT_PER_MINUTE: "0",
    API_KEYS: JSON.stringify([
      { id: "ops", role: "admin", sha256: createHash("sha256").update(token).digest("hex"), schemes: [] },
    ]),
  };
  // spawnServer waits for the "listening" line, which is info: the level is raised after it by nothing, so keep info.
  const spawn = () => spawnServer({ ...env, LOG_LEVEL: "info" });
  let server: SpawnedServer | undefined = await spawn();
  const origin = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  try {
    const created = await fetch(`${origin}/v1/subscriptions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ url: hook.url, events: ["record.created"] }),
    });
    if (created.status !== 201) throw new Error(`subscribe: ${created.status} ${await created.text()}`);
    const { secret } = (await created.json()) as { secret: string };

    const ids = Array.from({ length: options.writes }, (_, n) => `KILL-${String(n).padStart(6, "0")}`);
    const fixture = recordFixture("jc-star");
    let next = 0;
    let done = 0;
    let killing: Promise<void> = Promise.resolve();
    const killAt = [Math.floor(options.writes / 3), Math.floor((2 * options.writes) / 3)];
    const write = async (registrationNumber: string) => {
      const body = JSON.stringify({ record: { ...fixture, registrationNumber } });
      for (;;) {
        try {
          const response = await fetch(`${origin}/v1/records/jc-star/${registrationNumber}`, {
            method: "PUT",
            headers: { ...headers, "if-none-match": "*" },
            body,
          });
          await response.arrayBuffer();
          if (response.status === 201 || response.status === 412) return;
        } catch {
          // no answer: the origin is down or was killed mid-request
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const started = performance.now();
    const writer = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        await write(id);
        done++;
        if (done === killAt[0]) {
          killAt[0] = -1;
          killing = killing.then(async () => {
            log(`SIGKILL the origin after ${done} writes`);
            server?.child.kill("SIGKILL");
            await server?.exited;
            server = await spawn();
            log("origin restarted");
          });
        } else if (done === killAt[1]) {
          killAt[1] = -1;
          killing = killing.then(async () => {
            log(`SIGKILL redis after ${done} writes`);
            await redis.kill();
            await redis.restart();
            log("redis restarted");
          });
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, writer));
    await killing;
    const writeMs = performance.now() - started;
    log(`${ids.length} writes acknowledged in ${Math.round(writeMs)} ms`);

    const drainStarted = performance.now();
    const registrationOf = (r: Received) => (JSON.parse(r.body) as { data: { registrationId: string } }).data;
    const seen = new Set<string>();
    let counted = 0;
    const deadline = performance.now() + (options.drainTimeoutMs ?? 60_000);
    while (seen.size < ids.length && performance.now() < deadline) {
      for (; counted < hook.received.length; counted++)
        seen.add(registrationOf(hook.received[counted] as Received).registrationId);
      if (seen.size < ids.length) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drainMs = performance.now() - drainStarted;

    const problems: string[] = [];
    const bodies = new Map<string, string>();
    const verifier = new Webhook(secret);
    let lastCursor: [number, number] = [0, 0];
    let duplicates = 0;
    for (const r of hook.received) {
      const id = String(r.headers["webhook-id"]);
      try {
        verifier.verify(r.body, r.headers as Record<string, string>);
      } catch {
        problems.push(`${id}: the signature does not verify`);
      }
      const known = bodies.get(id);
      if (known !== undefined) {
        duplicates++;
        if (known !== r.body) problems.push(`${id}: delivered with two different bodies`);
        continue;
      }
      bodies.set(id, r.body);
      const [ms = 0, seq = 0] = String((JSON.parse(r.body) as { data: { cursor: string } }).data.cursor)
        .split("-")
        .map(Number);
      if (ms < lastCursor[0] || (ms === lastCursor[0] && seq <= lastCursor[1])) {
        problems.push(`${id}: first delivered after a later feed entry`);
      }
      lastCursor = [ms, seq];
    }
    const perRecord = new Map<string, string>();
    for (const [id, body] of bodies) {
      const record = registrationOf({ headers: {}, body }).registrationId;
      const other = perRecord.get(record);
      if (other !== undefined) problems.push(`${record}: two created events (${other}, ${id})`);
      perRecord.set(record, id);
    }
    return {
      writes: ids.length,
      delivered: bodies.size,
      duplicates,
      lost: ids.filter((id) => !seen.has(id)),
      problems,
      writeMs,
      drainMs,
    };
  } finally {
    await (server as SpawnedServer | undefined)?.stop();
    await hook.close();
    await redis.stop();
  }
}
