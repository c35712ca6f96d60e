import { runKillScenario } from "../test/helpers/kill-scenario.ts";
import { redisServerInstalled } from "../test/helpers/redis-server.ts";

/**
 * The durability goal at its full size: 5,000 record writes from a client while the origin and then its Redis
 * (appendonly yes, appendfsync always) are SIGKILLed and restarted; every acknowledged write's event must reach the
 * receiver (goal: 0 lost; duplicates allowed, with the same webhook-id). The test suite runs the same scenario with
 * fewer writes (test/webhooks/kill-recovery.test.ts). `npm run bench:webhooks-kill [writes]`; exits 1 on a loss.
 */
if (!redisServerInstalled()) {
  console.log("redis-server is not installed: nothing to measure");
  process.exit(0);
}
const writes = Number(process.argv[2] ?? 5000);
const result = await runKillScenario({
  writes,
  drainTimeoutMs: 300_000,
  log: (line) => console.log(`  ${line}`),
});
console.log(
  `webhooks across SIGKILLs: ${result.writes} writes, ${result.delivered} events delivered, ` +
    `${result.lost.length} lost, ${result.duplicates} duplicate deliveries (same webhook-id), ` +
    `${result.problems.length} problems; writes ${Math.round(result.writeMs)} ms, ` +
    `last event ${Math.round(result.drainMs)} ms after the last write`,
);
for (const problem of result.problems.slice(0, 10)) console.log(`  ${problem}`);
if (result.lost.length > 0) console.log(`  lost: ${result.lost.slice(0, 10).join(", ")}`);
process.exit(result.lost.length === 0 && result.problems.length === 0 ? 0 : 1);
