import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Readiness } from "../../src/contracts/api.ts";
import { ConfigError } from "../../src/env.ts";
import { loadConfiguration } from "../../src/start-config.ts";
import { expectBody } from "../api/api-suite.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { eventually, redisServerInstalled, startRedis, type TestRedis } from "../helpers/redis-server.ts";
import { spawnServer } from "../helpers/spawn-server.ts";

/**
 * Issue 21 row 18: REDIS_REQUIRE_DURABLE=true refuses to start (one line, exit 1) on a Redis that may lose an
 * acknowledged write (appendonly no, or appendfsync other than always); /readyz shows the store's durability either
 * way. The real Node entry against real redis-servers.
 */
const run = promisify(execFile);
const installed = redisServerInstalled();
let volatile: TestRedis;
let durable: TestRedis;
beforeAll(async () => {
  if (!installed) return;
  [volatile, durable] = await Promise.all([startRedis(), startRedis({ durable: true })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([volatile?.stop(), durable?.stop()]);
});

const recordStore = async (origin: string) => {
  let body: { components: { name: string; status: string; detail?: string }[] } | undefined;
  await eventually(async () => {
    const response = await fetch(`${origin}/readyz`);
    body = response.status === 200 ? await expectBody(response, Readiness) : undefined;
    return body?.components.some((c) => c.name === "record-store" && /durable/.test(c.detail ?? "")) ?? false;
  }, "/readyz showing the store's durability");
  return body?.components.find((c) => c.name === "record-store");
};

describe.skipIf(!installed)("REDIS_REQUIRE_DURABLE and /readyz durability", () => {
  it("refuses to start on appendonly no: one line naming the settings, exit 1, no stack", async () => {
    const failure = await run(process.execPath, ["--import", "tsx", "src/node.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "", PORT: "0", REDIS_URL: volatile.url, REDIS_REQUIRE_DURABLE: "true" },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect((failure?.stderr ?? "").trim().split("\n")).toEqual([
      expect.stringMatching(
        /^kakehashi: configuration: REDIS_REQUIRE_DURABLE: the record store's redis is NOT durable \(appendonly no, appendfsync \w+\)/,
      ),
    ]);
  }, 60_000);

  it("starts on appendonly yes + appendfsync always, and /readyz says durable", async () => {
    const server = await spawnServer({ REDIS_URL: durable.url, REDIS_REQUIRE_DURABLE: "true" });
    try {
      expect(await recordStore(server.origin)).toEqual({
        name: "record-store",
        status: "up",
        detail: "redis, durable (appendonly yes, appendfsync always)",
      });
    } finally {
      await server.stop();
    }
  }, 60_000);

  it("without the requirement it starts on a volatile Redis, and /readyz says NOT durable", async () => {
    const server = await spawnServer({ REDIS_URL: volatile.url });
    try {
      expect((await recordStore(server.origin))?.detail).toMatch(/^redis, NOT durable \(appendonly no, /);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

it("REDIS_REQUIRE_DURABLE without REDIS_URL is a configuration problem; a bad value is named", () => {
  const problems = (variables: Record<string, string>) => {
    try {
      loadConfiguration(variables, ["jc-star"]);
      return [];
    } catch (error) {
      return error instanceof ConfigError ? error.problems : [String(error)];
    }
  };
  expect(problems({ REDIS_REQUIRE_DURABLE: "true" })).toEqual([
    expect.stringMatching(/^REDIS_REQUIRE_DURABLE: needs REDIS_URL/),
  ]);
  expect(problems({ REDIS_REQUIRE_DURABLE: "maybe", REDIS_URL: "redis://127.0.0.1:1" })).toEqual([
    expect.stringMatching(/^REDIS_REQUIRE_DURABLE: /),
  ]);
});
