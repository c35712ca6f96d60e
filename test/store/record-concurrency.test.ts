import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { ChangeFeed } from "../../src/contracts/stored-record.ts";
import { RedisRecordStore } from "../../src/store/redis.ts";
import { recordFixture } from "../helpers/records.ts";
import { redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { createTestApp } from "../helpers/test-app.ts";

const installed = redisServerInstalled();
const token = "concurrency-test-partner-key-0000";
const keys = new ApiKeys([
  { id: "p", role: "partner", sha256: createHash("sha256").update(token).digest("hex"), schemes: ["jc-star"] },
]);

describe.skipIf(!installed)("concurrent If-Match updates over HTTP, on real Redis, from two app instances", () => {
  let server: TestRedis;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedis({ durable: true });
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.stop();
  });

  it("loses no update: every accepted update is in the version history and the feed, every rejected one got 412", async () => {
    type App = ReturnType<typeof createTestApp>["app"];
    const replica = (): App => {
      const client = new Redis(server.url);
      clients.push(client);
      return createTestApp({ records: new RedisRecordStore(client), apiKeys: keys }).app;
    };
    const replicas: [App, App] = [replica(), replica()];
    const path = "/v1/records/jc-star/CONC-1";
    const send = (app: App, headers: Record<string, string>, productType: string) =>
      app.request(path, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
        body: JSON.stringify({ record: { ...recordFixture("jc-star"), registrationNumber: "CONC-1", productType } }),
      });
    expect((await send(replicas[0], { "if-none-match": "*" }, "start")).status).toBe(201);

    const accepted: string[] = [];
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      const current = await replicas[0].request(path, { headers: { authorization: `Bearer ${token}` } });
      const etag = current.headers.get("etag") ?? "";
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          send(replicas[i % 2] ?? replicas[0], { "if-match": etag }, `r${round}-c${i}`),
        ),
      );
      for (const [i, response] of responses.entries()) {
        if (response.status === 200) accepted.push(`r${round}-c${i}`);
        else {
          expect(response.status).toBe(412);
          refused++;
        }
      }
    }
    expect(accepted).toHaveLength(6);
    expect(refused).toBe(6 * 9);
    const feed = ChangeFeed.parse(
      await (await replicas[1].request("/v1/changes", { headers: { authorization: `Bearer ${token}` } })).json(),
    );
    expect(feed.changes.filter((c) => c.registrationId === "CONC-1").map((c) => c.version)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });
});
