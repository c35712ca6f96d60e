import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, started first: with two files at a time, a long file started last is the run's tail
 * (the critical path). Vitest orders by the last run's durations when it has them (node_modules/.vite/vitest), and by
 * file size when it has none — a fresh clone, as `npm run verify` and CI run — so these go first whatever it knows:
 * the measured heaviest (docs/decisions.md, "Where the suite's time went"), heaviest first. The rest keep Vitest's
 * order.
 */
export const heaviestFiles = [
  "test/browser/web.browser.test.ts",
  "test/cli/kakehashi-cli.test.ts",
  // A folder: its files, in Vitest's order. The workerd runtime the Workers files share takes 10-15 s to start, one
  // core's work; started last, it was the run's tail with the other core idle.
  "test/workers/",
  "test/web/label-page-weight.test.ts",
  "test/browser/verify.browser.test.ts",
  "test/review/answer-diff.test.ts",
  "test/client/scratch-package.test.ts",
  // These mostly wait (on redis-server, spawned servers, timers): begun late, they were the run's tail with a core idle.
  "test/store/record-store-cluster-moves.test.ts",
  "test/api/log-delivery.test.ts",
  "test/store/record-store-cluster.test.ts",
  "test/config/redis-durability.test.ts",
  "test/webhooks/kill-recovery.test.ts",
  "test/api/workers.test.ts",
  "test/api/node-compression.test.ts",
  "test/api/body-idle-timeout.test.ts",
  "test/data/invalid-fixtures.test.ts",
];

export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const file = relative(this.ctx.config.root, spec.moduleId).replaceAll("\\", "/");
      const at = heaviestFiles.findIndex((entry) => file === entry || (entry.endsWith("/") && file.startsWith(entry)));
      return at < 0 ? heaviestFiles.length : at;
    };
    // Array.prototype.sort is stable: files outside the list keep Vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
