/**
 * REDIS_WAIT_REPLICAS: a write is acknowledged only once WAIT says that many replicas have it, so a failover to one
 * of them keeps it. WAIT gives no rollback: when it times out the write is on the master and maybe on fewer replicas
 * — applied, but not yet safe. That is answered like a lost reply: a 503 problem saying the write may have been
 * applied (src/lib/to-problem.ts); a retry with the same Idempotency-Key (or If-Match) is safe.
 */
export class ReplicationTimeout extends Error {
  constructor(
    readonly wanted: number,
    readonly confirmed: number,
    timeoutMs: number,
  ) {
    super(`only ${confirmed} of ${wanted} replicas confirmed the write within ${timeoutMs} ms`);
    this.name = "ReplicationTimeout";
  }
}

/** Throws ReplicationTimeout unless WAIT's reply (a pipeline entry: [error, count]) reaches `wanted`. */
export function awaitReplicas(reply: [Error | null, unknown] | undefined, wanted: number, timeoutMs: number): void {
  const [error, count] = reply ?? [new Error("no reply to WAIT"), 0];
  if (error) throw error;
  if (Number(count) < wanted) throw new ReplicationTimeout(wanted, Number(count), timeoutMs);
}
