import { describe, expect, it } from "vitest";
import { runKillScenario } from "../helpers/kill-scenario.ts";
import { redisServerInstalled } from "../helpers/redis-server.ts";

/**
 * The goal "deliveries lost across a SIGKILL of the service and of Redis during a stream of writes: 0
 * (duplicates allowed, same id)". Here with 600 writes so that it fits the suite on a shared 2-core machine; `npm
 * run bench:webhooks-kill` runs the same scenario with the 5,000 (test/helpers/kill-scenario.ts).
 */
describe.skipIf(!redisServerInstalled())("webhook deliveries across SIGKILLs of the origin and of Redis", () => {
  it("loses no acknowledged write's event; duplicates carry the same webhook-id and bytes; feed order holds", {
    timeout: 120_000,
  }, async () => {
    const result = await runKillScenario({ writes: 600, drainTimeoutMs: 60_000 });
    expect(result.lost).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.delivered).toBe(600);
  });
});
