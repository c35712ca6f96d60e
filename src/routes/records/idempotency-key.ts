import type { Context } from "hono";
import { webCryptoSha256 } from "../../deps.ts";
import { type JsonResponse, type JsonText, jsonAnswer } from "../../lib/json-text.ts";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import type { Claim, IdempotencyStore, StoredResponse } from "../../store/idempotency.ts";
import { guard } from "./store-guard.ts";

/**
 * The Idempotency-Key rules shared by the batch route and single writes (PUT, DELETE of a record): a key is scoped to
 * the API key and bound to a fingerprint of the request; the same key with another request is 422; while the first
 * request runs, 409 with Retry-After; once it answered, a replay gets that answer.
 */
export interface KeyedRequest {
  store: IdempotencyStore;
  scope: string;
  key: string;
  fingerprint: string;
}

/** Fingerprints `request` and claims its key; throws the 503 / 422 / 409 problems, returns "new" or "done". */
export async function claimKey(
  c: Context<AppEnv>,
  key: string,
  request: unknown,
): Promise<KeyedRequest & { claim: Extract<Claim, { state: "new" | "done" }> }> {
  const { idempotency, sha256 } = c.var.deps;
  if (!idempotency)
    throw new ProblemError(503, "idempotency keys are not served here", { headers: { "Retry-After": "3600" } });
  const scope = c.var.principal?.id ?? "anonymous";
  const fingerprint = await (sha256 ?? webCryptoSha256)(JSON.stringify(request));
  const claim = await guard(c, () => idempotency.claim(scope, key, fingerprint));
  if (claim.state === "mismatch") {
    throw new ProblemError(422, "this Idempotency-Key was used with a different request", {
      errors: [{ pointer: "/header/idempotency-key", detail: "reused with another payload" }],
    });
  }
  if (claim.state === "in-flight") {
    // When to look again: when the running request's lease lapses if it stops renewing it (a crash); a live one will
    // have answered by then or still be running, and the retry gets the replay or another 409.
    const seconds = Math.max(1, Math.ceil(claim.leaseLeftMs / 1000));
    throw new ProblemError(409, `a request with this Idempotency-Key is still running; retry in ${seconds} s`, {
      headers: { "Retry-After": String(seconds) },
    });
  }
  return { store: idempotency, scope, key, fingerprint, claim };
}

/**
 * The first answer again, marked as a replay, typed as the route's answer `T` with status `S`: a key is bound to one
 * request's fingerprint, so what it holds is what this route answered that request — which the store, keeping bytes,
 * cannot tell the compiler.
 */
export function replay<T, S extends 200 | 201>(c: Context<AppEnv>, response: StoredResponse): JsonResponse<T, S> {
  const replayed: Response = c.body(response.body, response.status as S, {
    "content-type": response.contentType,
    ...(response.etag !== undefined ? { ETag: response.etag } : {}),
    "idempotent-replayed": "true",
  });
  return replayed as JsonResponse<T, S>;
}

export interface WriteAnswer<T, S extends 200 | 201> {
  status: S;
  etag: string;
  body: JsonText<T>;
}

/**
 * One write (PUT or DELETE of a record) under an Idempotency-Key. `write` receives the write's id — a digest of the
 * caller, the key and the request — which the store keeps with the version it makes: when the first answer was lost
 * after the write landed (the key never recorded it), the retry's write meets its own version and answers with it
 * instead of a 412 (see recognisedRetry). A refused write (4xx) is not kept: a retry runs again.
 */
export async function idempotentWrite<T, S extends 200 | 201>(
  c: Context<AppEnv>,
  key: string,
  request: unknown,
  write: (writeId: string) => Promise<WriteAnswer<T, S>>,
): Promise<JsonResponse<T, S>> {
  const { store, scope, fingerprint, claim } = await claimKey(c, key, request);
  if (claim.state === "done") return replay(c, claim.response);
  const writeId = await (c.var.deps.sha256 ?? webCryptoSha256)(`${scope}\u0000${key}\u0000${fingerprint}`);
  try {
    const answer = await write(writeId);
    const response = { status: answer.status, contentType: "application/json", body: answer.body, etag: answer.etag };
    await guard(c, () => store.complete(scope, key, fingerprint, response));
    c.header("ETag", answer.etag);
    return jsonAnswer(c, answer.body, answer.status);
  } catch (error) {
    await guard(c, () => store.release(scope, key, claim.token)).catch(() => {});
    throw error;
  }
}
