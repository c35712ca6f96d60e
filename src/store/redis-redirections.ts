/**
 * A record's slot is being moved between Redis Cluster masters (a reshard): some of its keys are on the old master
 * and some on the new one, so Redis refuses the write's script with TRYAGAIN until the move is done. Redis ran
 * nothing, so the write was not applied; the store retries for a while and then throws this (a 503 at the API).
 */
export class SlotMoving extends Error {
  constructor(detail: string) {
    super(`the record's Redis Cluster slot is being moved between nodes; the write was not applied (${detail})`);
    this.name = "SlotMoving";
  }
}

/** Where a Redis Cluster error sends a command that Redis did not run; undefined for any other error. */
export type Redirection =
  | { kind: "ask" | "moved"; host: string; port: number }
  | { kind: "tryagain" }
  | { kind: "cluster-down" }
  | { kind: "noscript" };

export function redirectionOf(error: unknown): Redirection | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const target = /^(ASK|MOVED) \d+ (\S+):(\d+)/.exec(message);
  if (target) {
    const host = (target[2] as string).replace(/^\[|\]$/g, "");
    return { kind: target[1] === "ASK" ? "ask" : "moved", host, port: Number(target[3]) };
  }
  // ioredis gives up after maxRedirections with "Too many Cluster redirections. Last error: …TRYAGAIN…".
  if (/(^|\W)TRYAGAIN\b|^Too many Cluster redirections/.test(message)) return { kind: "tryagain" };
  if (/(^|\W)CLUSTERDOWN\b/.test(message)) return { kind: "cluster-down" };
  // ioredis remembers a script as loaded on a connection once it has sent it, even when the node answered TRYAGAIN
  // and so never loaded it; its one EVAL fallback can then meet another NOSCRIPT. Not run, so safe to send again.
  if (/^NOSCRIPT\b/.test(message)) return { kind: "noscript" };
  return undefined;
}
