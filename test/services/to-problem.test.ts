import { describe, expect, it } from "vitest";
import { toProblem } from "../../src/lib/to-problem.ts";
import { ServiceError, StoreUnavailable } from "../../src/services/errors.ts";
import { StoreConflict } from "../../src/store/record-store.ts";
import { ReplicationTimeout } from "../../src/store/redis-replication.ts";

/** The one mapping of what services and stores refuse to problem statuses, details, fields and headers. */
describe("toProblem", () => {
  it("maps each refusal to its status, keeping the detail, the faults and when to retry", () => {
    const cases = [
      ["not-found", 404],
      ["forbidden", 403],
      ["invalid", 422],
      ["conflict", 409],
      ["precondition-required", 428],
      ["not-served", 503],
    ] as const;
    for (const [refusal, status] of cases) {
      const faults = [{ pointer: "/body/x", detail: "bad" }];
      const problem = toProblem(new ServiceError(refusal, "why", { faults, retryAfterSeconds: 7 }));
      expect([problem?.status, problem?.message, problem?.errors, problem?.headers]).toEqual([
        status,
        "why",
        faults,
        { "Retry-After": "7" },
      ]);
    }
    expect(toProblem(new ServiceError("invalid", "why"))?.headers).toEqual({});
  });

  it("answers the store's conflicts with their statuses and an outage or a lagging replica with 503", () => {
    expect(toProblem(new StoreConflict("cursor-expired", "old"))?.status).toBe(410);
    expect(toProblem(new StoreConflict("bad-cursor", "bad"))?.status).toBe(400);
    expect(toProblem(new StoreConflict("precondition-failed", "stale"))?.status).toBe(412);
    const down = toProblem(new StoreUnavailable(new Error("ECONNRESET")));
    expect([down?.status, down?.headers]).toEqual([503, { "Retry-After": "1" }]);
    expect(down?.message).not.toContain("ECONNRESET");
    expect(toProblem(new ReplicationTimeout(2, 1, 100))?.message).toContain("only 1 of 2 replicas confirmed");
  });

  it("leaves anything else to the caller (a bug is a logged 500, not a guess)", () => {
    expect(toProblem(new TypeError("x is undefined"))).toBeUndefined();
  });
});
