import type { Sha256 } from "../deps.ts";
import type { Claim, IdempotencyStore, StoredResponse } from "../store/idempotency.ts";
import type { Caller } from "./caller.ts";
import { ServiceError } from "./errors.ts";
import { holdLease, type Lease, type Ticker } from "./idempotency-lease.ts";
import { storeCall } from "./store-call.ts";

/**
 * The Idempotency-Key rules shared by the batch route and single writes (PUT, DELETE of a record): a key is scoped to
 * the API key and bound to a fingerprint of the request; the same key with another request is refused; while the
 * first request runs, a conflict saying when to look again; once it answered, a replay gets that answer.
 */
export interface KeyedRequest {
  store: IdempotencyStore;
  scope: string;
  key: string;
  fingerprint: string;
}

/** The first answer to a key, to be sent again as it was. */
export interface Replayed {
  replayed: StoredResponse;
}

export interface WriteAnswer {
  status: 200 | 201;
  etag: string;
  body: string;
}

export class IdempotencyKeys {
  constructor(
    private readonly store: IdempotencyStore | undefined,
    private readonly sha256: Sha256,
    private readonly every: Ticker,
  ) {}

  /** Fingerprints `request` and claims its key; throws what the key refuses, returns "new" or "done". */
  async claim(
    caller: Caller,
    key: string,
    request: unknown,
  ): Promise<KeyedRequest & { claim: Extract<Claim, { state: "new" | "done" }> }> {
    const store = this.store;
    if (!store)
      throw new ServiceError("not-served", "idempotency keys are not served here", { retryAfterSeconds: 3600 });
    const scope = caller.principal?.id ?? "anonymous";
    const fingerprint = await this.sha256(JSON.stringify(request));
    const claim = await storeCall(caller.deadline, () => store.claim(scope, key, fingerprint));
    if (claim.state === "mismatch") {
      throw new ServiceError("invalid", "this Idempotency-Key was used with a different request", {
        faults: [{ pointer: "/header/idempotency-key", detail: "reused with another payload" }],
      });
    }
    if (claim.state === "in-flight") {
      // When to look again: when the running request's lease lapses if it stops renewing it (a crash); a live one
      // will have answered by then or still be running, and the retry gets the replay or another 409.
      const seconds = Math.max(1, Math.ceil(claim.leaseLeftMs / 1000));
      throw new ServiceError(
        "conflict",
        `a request with this Idempotency-Key is still running; retry in ${seconds} s`,
        {
          retryAfterSeconds: seconds,
        },
      );
    }
    return { store, scope, key, fingerprint, claim };
  }

  /**
   * One write (PUT or DELETE of a record) under an Idempotency-Key. `write` receives the write's id — a digest of the
   * caller, the key and the request — which the store keeps with the version it makes: when the first answer was lost
   * after the write landed (the key never recorded it), the retry's write meets its own version and answers with it
   * instead of a 412 (see RecordService's recognisedRetry). A refused write is not kept: a retry runs again.
   */
  async once(
    caller: Caller,
    key: string,
    request: unknown,
    write: (writeId: string) => Promise<WriteAnswer>,
  ): Promise<Replayed | WriteAnswer> {
    const { store, scope, fingerprint, claim } = await this.claim(caller, key, request);
    if (claim.state === "done") return { replayed: claim.response };
    const writeId = await this.sha256(`${scope}\u0000${key}\u0000${fingerprint}`);
    try {
      const answer = await write(writeId);
      const response = { status: answer.status, contentType: "application/json", body: answer.body, etag: answer.etag };
      await storeCall(caller.deadline, () => store.complete(scope, key, fingerprint, response));
      return answer;
    } catch (error) {
      await this.release(caller, { store, scope, key, fingerprint }, claim.token);
      throw error;
    }
  }

  /** Keeps a claim's lease alive while a batch runs (see idempotency-lease.ts). */
  hold(keyed: KeyedRequest, token: string): Lease {
    return holdLease(keyed.store, keyed.scope, keyed.key, token, this.every);
  }

  /** Ends a lease without an answer; a failure to do so only delays a retry until the lease lapses. */
  async release(caller: Caller, keyed: KeyedRequest, token: string): Promise<void> {
    await storeCall(caller.deadline, () => keyed.store.release(keyed.scope, keyed.key, token)).catch(() => {});
  }
}
