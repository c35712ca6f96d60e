import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCatalog } from "../../src/catalog/compile.ts";
import type { Catalog } from "../../src/catalog/model.ts";
import { parseNodeEnv } from "../../src/env.ts";
import { type ServerHandle, startServer } from "../../src/node-server.ts";
import { dataFilesWith } from "../helpers/catalog-files.ts";
import { ukRecognitionPostponed } from "../helpers/catalog-variants.ts";
import { checkedGlobalFetch } from "../helpers/checked-fetch.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { type Received, startReceiver } from "../helpers/webhook-receiver.ts";

const fetch = checkedGlobalFetch(globalThis.fetch, () => true);
const token = "catalog-restart-partner-key-0123456789";
const keys = [
  {
    id: "ipa",
    role: "partner" as const,
    sha256: createHash("sha256").update(token).digest("hex"),
    schemes: ["jc-star"],
  },
];
const auth = { authorization: `Bearer ${token}`, "content-type": "application/json", connection: "close" };

/** Waits for a condition the server's loops bring about; the test's timeout is the bound. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The origin in-process on a durable Redis, serving `catalog`, with its log lines collected. */
async function start(redis: TestRedis, catalog: Catalog) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) if (text) lines.push(JSON.parse(text));
      done();
    },
  });
  const env = parseNodeEnv({
    HOST: "127.0.0.1",
    PORT: "0",
    REDIS_URL: redis.url,
    WEBHOOK_ALLOW_LOOPBACK: "true",
    LOG_LEVEL: "info",
    SHUTDOWN_GRACE_MS: "2000",
  });
  const server = await startServer({ env, keys, catalog, destination });
  // Deliveries start once the catalog has been compared with the last one recorded.
  await until(() => lines.some((line) => line.msg === "catalog change check done: deliveries start"));
  return { server, lines };
}

async function putRecord(server: ServerHandle, registrationNumber: string) {
  const record = { ...recordFixture("jc-star"), registrationNumber };
  const response = await fetch(`${server.url}v1/records/jc-star/${registrationNumber}`, {
    method: "PUT",
    headers: { ...auth, "if-none-match": "*" },
    body: JSON.stringify({ record }),
  });
  expect(response.status).toBe(201);
}

const typeOf = (r: Received) => (JSON.parse(r.body) as { type: string }).type;

describe.skipIf(!redisServerInstalled())("restarting the origin with a new catalog", { timeout: 120_000 }, () => {
  let redis: TestRedis;
  let catalogA: Catalog;
  let catalogB: Catalog;
  beforeAll(async () => {
    redis = await startRedis({ durable: true });
    catalogA = compileCatalog(dataFilesWith());
    catalogB = ukRecognitionPostponed();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it("sends each stored record's moved answer once, signed, naming both digests; a second restart sends nothing", async () => {
    const hook = await startReceiver();
    try {
      // Catalog A: a subscription, and two records written through the API.
      const first = await start(redis, catalogA);
      expect(first.lines.find((l) => l.msg?.toString().startsWith("catalog change check"))).toMatchObject({
        outcome: "first",
      });
      const created = await fetch(`${first.server.url}v1/subscriptions`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ url: hook.url, events: ["record.created", "record.recognition-changed"] }),
      });
      expect(created.status).toBe(201);
      const { secret } = (await created.json()) as { secret: string };
      await putRecord(first.server, "JC-2025-000001");
      await putRecord(first.server, "JC-2025-000002");
      await until(() => hook.received.length === 2);
      await first.server.close();

      // Catalog B: UK recognition of ★1 postponed — both records' uk-psti answer moves.
      const second = await start(redis, catalogB);
      await until(() => hook.received.length === 4);
      const events = hook.received.slice(2).map((r) => {
        const event = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
          type: string;
          data: {
            registrationId: string;
            catalog: { before: string; after: string };
            changes: { target: string; before: { verdict: string }; after: { verdict: string } }[];
          };
        };
        return event;
      });
      expect(events.map((e) => [e.type, e.data.registrationId])).toEqual([
        ["record.recognition-changed", "JC-2025-000001"],
        ["record.recognition-changed", "JC-2025-000002"],
      ]);
      for (const event of events) {
        expect(event.data.catalog).toEqual({ before: catalogA.digest, after: catalogB.digest });
        const uk = event.data.changes.find((c) => c.target === "uk-psti");
        expect(uk?.before.verdict).toBe("recognized");
        expect(uk?.after.verdict).not.toBe("recognized");
      }
      await second.server.close();

      // Catalog B again: nothing to re-judge. A new record's event is the next thing the receiver gets.
      const third = await start(redis, catalogB);
      expect(third.lines.find((l) => l.msg?.toString().startsWith("catalog change check"))).toMatchObject({
        outcome: "unchanged",
      });
      await putRecord(third.server, "JC-2025-000003");
      await until(() => hook.received.length >= 5);
      await third.server.close();
      expect(hook.received.map(typeOf)).toEqual([
        "record.created",
        "record.created",
        "record.recognition-changed",
        "record.recognition-changed",
        "record.created",
      ]);
    } finally {
      await hook.close();
    }
  });
});
