import { afterEach } from "vitest";
import { lateViolations, pendingChecks } from "../helpers/checked-fetch.ts";

/**
 * Workers test setup: fails a test that left a streamed response contradicting the OpenAPI document. (Requests go
 * through test/workers/worker-fetch.ts, which checks each response: `SELF` itself cannot be patched.)
 */
afterEach(async () => {
  await Promise.all([...pendingChecks]);
  const found = lateViolations.splice(0);
  if (found.length > 0) throw new Error(`response contradicts the OpenAPI document:\n  ${found.join("\n  ")}`);
});
