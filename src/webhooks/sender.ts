/** What became of one POST to a receiver. */
export interface SendResult {
  /** A 2xx answer; anything else (3xx included: redirects are never followed) is a failure to retry. */
  ok: boolean;
  /** The receiver's status; null when none came. */
  status: number | null;
  error?: string;
}

/** Sends one signed delivery. The Node origin's is node-sender.ts; tests and the bench may wrap it. */
export type Send = (url: string, headers: Record<string, string>, body: string) => Promise<SendResult>;
