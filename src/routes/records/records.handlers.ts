import type { Context } from "hono";
import { mayWrite } from "../../auth/api-keys.ts";
import { effectiveStatus, InvalidRecordError, UnsupportedPairError } from "../../domain/translation/translator.ts";
import { matchesIfNoneMatch } from "../../lib/catalog-etag.ts";
import { jsonAnswer, jsonText } from "../../lib/json-text.ts";
import { ProblemError, type ProblemStatus, problemBody } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import type { CanonicalRecord } from "../../schemas/record.ts";
import type { IdempotencyStore } from "../../store/idempotency.ts";
import type { Undecodable } from "../../store/record-decode.ts";
import { type RecordStore, StoreConflict, type StoredRecord } from "../../store/record-store.ts";
import { storedRecordCredential, wantsCredential } from "../credentials/issue.ts";
import { findScheme } from "../lookups.ts";
import { claimKey, idempotentWrite, replay } from "./idempotency-key.ts";
import type * as routes from "./records.routes.ts";
import { guard } from "./store-guard.ts";

export const put: AppRouteHandler<typeof routes.put> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const headers = c.req.valid("header");
  const body = c.req.valid("json");
  const request: WriteRequest = {
    scheme,
    registrationId,
    format: body.format,
    record: body.record,
    ifMatch: headers["if-match"],
    ifNoneMatch: headers["if-none-match"],
  };
  const key = headers["idempotency-key"];
  if (key !== undefined) {
    const answer = await idempotentWrite(c, key, { method: "PUT", ...request }, async (writeId) => {
      const { record, created } = await writeRecord(c, { ...request, writeId });
      return { status: created ? 201 : 200, etag: record.etag, body: jsonText(present(c, record)) };
    });
    return answer;
  }
  const { record, created } = await writeRecord(c, request);
  c.header("ETag", record.etag);
  return created ? c.json(present(c, record), 201) : c.json(present(c, record), 200);
};

interface WriteRequest {
  scheme: string;
  registrationId: string;
  format: "native" | "canonical";
  record: Record<string, unknown>;
  ifMatch?: string | undefined;
  ifNoneMatch?: "*" | undefined;
  /** Set under an Idempotency-Key (see idempotency-key.ts). */
  writeId?: string | undefined;
}

/** One conditional write, as PUT and each batch item make it; throws a ProblemError for anything refused. */
async function writeRecord(
  c: Context<AppEnv>,
  request: WriteRequest,
): Promise<{ record: StoredRecord; created: boolean }> {
  const { scheme, registrationId } = request;
  const principal = c.var.principal;
  const store = recordStore(c);
  findScheme(c.var.deps.catalog, scheme, "/path/scheme");
  if (principal && mayWrite(principal, scheme, undefined) !== "ok") {
    throw new ProblemError(403, `the key ${principal.id} may not write ${scheme} records`);
  }
  refuseBlindMatch(request.ifMatch);
  const canonical = canonicalize(c, scheme, request.format, request.record);
  if (canonical.registrationId !== null && canonical.registrationId !== registrationId) {
    throw new ProblemError(422, "the record's registration id differs from the URL's", {
      errors: [
        { pointer: "/body/record", detail: `registration id "${canonical.registrationId}", URL "${registrationId}"` },
      ],
    });
  }
  if (canonical.status === "expired") {
    throw new ProblemError(422, "expired is computed from the dates, not stated", {
      errors: [{ pointer: "/body/record/status", detail: "server-owned: use active or suspended" }],
    });
  }
  const existing = await guard(c, () => store.get(scheme, registrationId));
  if (principal && existing && mayWrite(principal, scheme, existing.owner) === "owner") {
    throw new ProblemError(403, `the record ${scheme}/${registrationId} belongs to another partner`);
  }
  const put = () =>
    store
      .put({
        scheme,
        registrationId,
        canonical: { ...canonical, registrationId },
        owner: principal?.id ?? null,
        ...(request.ifMatch !== undefined ? { ifMatch: request.ifMatch } : {}),
        ...(request.ifNoneMatch !== undefined ? { ifNoneMatch: request.ifNoneMatch } : {}),
        ...(request.writeId !== undefined ? { writeId: request.writeId } : {}),
        now: new Date().toISOString(),
      })
      .catch((error: unknown) => recognisedRetry(error, request.writeId));
  return guard(c, put);
}

/**
 * A write refused because the record is not as its conditional header expects may be this very write, landed by an
 * earlier attempt whose answer was lost: when the current version carries the same write id, that version is the
 * answer (201 for the version that created the record). Anything else is the refusal it was.
 */
function recognisedRetry(error: unknown, writeId: string | undefined): { record: StoredRecord; created: boolean } {
  const current = error instanceof StoreConflict ? error.current : undefined;
  const kinds = ["precondition-failed", "precondition-required"];
  if (
    writeId === undefined ||
    !current ||
    current.writeId !== writeId ||
    !kinds.includes((error as StoreConflict).kind)
  )
    throw error;
  return { record: current, created: current.version === 1 };
}

/**
 * POST /v1/records/batch: up to BATCH_MAX conditional writes under one Idempotency-Key. Each item succeeds or fails
 * on its own. A replay of the key returns the first response byte for byte and writes nothing; the same key with a
 * different body is 422, and while the first request runs (its lease renewed), 409. Each item's result is recorded
 * under the lease as it lands: a retry after a crash or a store outage resumes, reusing those results instead of
 * writing the items again, and the conditional headers keep the item in flight at the failure from landing twice.
 */
export const batch: AppRouteHandler<typeof routes.batch> = async (c) => {
  const key = c.req.valid("header")["idempotency-key"];
  const items = c.req.valid("json").records;
  const { store: idempotency, scope, fingerprint, claim } = await claimKey(c, key, items);
  if (claim.state === "done") return replay<{ results: BatchResult[] }, 200>(c, claim.response);
  const lease = holdLease(idempotency, scope, key, claim.token);
  try {
    const results: BatchResult[] = [];
    for (const [index, item] of items.entries()) {
      const earlier = claim.progress.get(index);
      if (earlier !== undefined) {
        results.push(JSON.parse(earlier) as BatchResult);
        continue;
      }
      if (lease.lost()) throw new ProblemError(409, "a retry with this Idempotency-Key took over this request");
      const result = await batchItem(c, index, item);
      results.push(result);
      // A store outage is not a result: the retry must run the item again.
      if (result.status !== 503) await lease.record(index, JSON.stringify(result));
    }
    const body = jsonText({ results });
    if (results.some((r) => r.status === 503))
      await guard(c, () => idempotency.release(scope, key, claim.token)).catch(() => {});
    else
      await guard(c, () =>
        idempotency.complete(scope, key, fingerprint, { status: 200, contentType: "application/json", body }),
      );
    return jsonAnswer(c, body, 200);
  } catch (error) {
    await guard(c, () => idempotency.release(scope, key, claim.token)).catch(() => {});
    throw error;
  } finally {
    lease.stop();
  }
};

type BatchResult =
  | { index: number; status: 200 | 201; etag: string; version: number }
  | { index: number; status: ProblemStatus; problem: ReturnType<typeof problemBody> };

async function batchItem(c: Context<AppEnv>, index: number, item: WriteRequest): Promise<BatchResult> {
  try {
    const { record, created } = await writeRecord(c, item);
    return { index, status: created ? 201 : 200, etag: record.etag, version: record.version };
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const errors = error.errors?.map((e) => ({ ...e, pointer: itemPointer(index, e.pointer) }));
    return { index, status: error.status, problem: problemBody(c, error.status, error.message, errors) };
  }
}

/** A single write's pointer (`/body/record/…`, `/path/scheme`, `/header/if-match`) as the batch item's. */
function itemPointer(index: number, pointer: string): string {
  const item = `/body/records/${index}`;
  const renamed: Record<string, string> = {
    "/path/scheme": `${item}/scheme`,
    "/path/registrationId": `${item}/registrationId`,
    "/header/if-match": `${item}/ifMatch`,
    "/header/if-none-match": `${item}/ifNoneMatch`,
  };
  return renamed[pointer] ?? (pointer.startsWith("/body/") ? `${item}${pointer.slice(5)}` : pointer);
}

/**
 * Keeps a claim's lease alive while the batch runs (renewed every third of the lease) and records item results
 * under it. A renewal that fails for a moment is retried on the next tick; one that says the lease was taken over
 * stops further writes.
 */
function holdLease(store: IdempotencyStore, scope: string, key: string, token: string) {
  let lost = false;
  const timer = setInterval(
    () => {
      store
        .renew(scope, key, token)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => {});
    },
    Math.max(10, Math.floor(store.leaseMs / 3)),
  );
  (timer as { unref?: () => void }).unref?.();
  return {
    lost: () => lost,
    record: async (index: number, result: string) => {
      const held = await store.progress(scope, key, token, index, result).catch(() => true);
      if (!held) lost = true;
    },
    stop: () => clearInterval(timer),
  };
}

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const { format = "canonical" } = c.req.valid("query");
  const record = await guard(c, () => recordStore(c).get(scheme, registrationId));
  if (!record) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  if (wantsCredential(c)) {
    const signed = await storedRecordCredential(c, record, format);
    return signed;
  }
  // Each representation has its own strong tag: the version plus the format.
  const etag = format === "canonical" ? record.etag : `"v${record.version}-${format}"`;
  c.header("ETag", etag);
  c.header("Cache-Control", "private, no-cache");
  if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  if (format === "canonical") return c.json(present(c, record), 200);
  const base = { scheme, registrationId, version: record.version, format };
  if (format === "native") {
    const native = record.canonical.native?.record;
    if (!native) throw new ProblemError(404, "this record was stored in canonical form; it has no native original");
    return c.json({ ...base, record: native, provisional: false, warnings: [] }, 200);
  }
  findScheme(c.var.deps.catalog, format, "/query/format");
  try {
    const translated = await c.var.translator.translate({
      from: scheme,
      to: format,
      format: "canonical",
      record: { ...record.canonical, status: record.withdrawn ? "withdrawn" : record.canonical.status },
      asOf: c.var.deps.clock.today(),
    });
    return c.json({ ...base, record: translated.record, provisional: true, warnings: translated.warnings }, 200);
  } catch (error) {
    if (error instanceof UnsupportedPairError) {
      throw new ProblemError(422, `${error.message}; formats: canonical, native, ${error.supported.join(", ")}`);
    }
    throw error;
  }
};

export const recognition: AppRouteHandler<typeof routes.recognition> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const asOf = c.req.valid("query").asOf ?? c.var.deps.clock.today();
  const record = await guard(c, () => recordStore(c).get(scheme, registrationId));
  if (!record) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  const status = record.withdrawn ? ("withdrawn" as const) : effectiveStatus(record.canonical, asOf);
  const canonical = { ...record.canonical, status };
  const targets = c.var.deps.catalog.allSchemes().filter((s) => s.id !== scheme && s.levels.length > 0);
  return c.json(
    {
      scheme,
      registrationId,
      asOf,
      status,
      recognition: targets.map((t) => c.var.translator.recognize(canonical, t.id, asOf)),
    },
    200,
  );
};

/**
 * GET /v1/labels/resolve: among the records that carry the URL, the best by status (active, then suspended, expired,
 * withdrawn; the latest update breaks a tie), with every candidate listed and `ambiguous` set when more than one has
 * the best status — a shared URL is the partners' mistake to sort out, not ours to hide.
 */
export const resolveLabel: AppRouteHandler<typeof routes.resolveLabel> = async (c) => {
  const { url } = c.req.valid("query");
  const found = await guard(c, () => recordStore(c).findByUrl(url));
  if (found.length === 0) {
    throw new ProblemError(404, "no stored record has this label URL", {
      errors: [{ pointer: "/query/url", detail: "no match" }],
    });
  }
  const candidates = found
    .map((r) => present(c, r))
    .sort((a, b) => statusRank[a.status] - statusRank[b.status] || b.updatedAt.localeCompare(a.updatedAt));
  const best = candidates[0] as (typeof candidates)[number];
  c.header("ETag", best.etag);
  return c.json(
    {
      ...best,
      match: {
        ambiguous: candidates.filter((r) => r.status === best.status).length > 1,
        candidates: candidates.map((r) => ({ scheme: r.scheme, registrationId: r.registrationId, status: r.status })),
      },
    },
    200,
  );
};

const statusRank = { active: 0, suspended: 1, expired: 2, withdrawn: 3 } as const;

export const withdraw: AppRouteHandler<typeof routes.withdraw> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const ifMatch = c.req.valid("header")["if-match"];
  const principal = c.var.principal;
  const store = recordStore(c);
  const existing = await guard(c, () => store.get(scheme, registrationId));
  if (!existing) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  if (principal && mayWrite(principal, scheme, existing.owner) !== "ok") {
    throw new ProblemError(403, `the key ${principal.id} may not withdraw ${scheme}/${registrationId}`);
  }
  if (ifMatch === undefined) throw new ProblemError(428, "withdrawing a record needs If-Match with its current ETag");
  refuseBlindMatch(ifMatch);
  const withdraw = () =>
    guard(c, () => store.withdraw({ scheme, registrationId, ifMatch, now: new Date().toISOString() }));
  const key = c.req.valid("header")["idempotency-key"];
  if (key !== undefined) {
    // No write id here: withdrawing a withdrawn record already answers with its tombstone (a lost answer is safe).
    const request = { method: "DELETE", scheme, registrationId, ifMatch };
    const answer = await idempotentWrite(c, key, request, async () => {
      const record = await withdraw();
      return { status: 200, etag: record.etag, body: jsonText(present(c, record)) };
    });
    return answer;
  }
  const record = await withdraw();
  c.header("ETag", record.etag);
  return c.json(present(c, record), 200);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { scheme, holder, status, limit, cursor } = c.req.valid("query");
  const page = await guard(c, () => recordStore(c).list({ scheme, holder }, cursor, limit));
  const records = page.records.map((r) => present(c, r)).filter((r) => status === undefined || r.status === status);
  c.header("Cache-Control", "private, no-cache");
  return c.json({ records, next: page.next, warnings: undecodableWarnings(c, page.undecodable) }, 200);
};

export const changes: AppRouteHandler<typeof routes.changes> = async (c) => {
  const { since, limit } = c.req.valid("query");
  const page = await guard(c, () => recordStore(c).changes(since, limit, Date.now()));
  c.header("Cache-Control", "no-store");
  return c.json({ changes: page.changes, next: page.next, warnings: undecodableWarnings(c, page.undecodable) }, 200);
};

/** The `warnings` of a page that skipped undecodable values, with their count in a header. */
function undecodableWarnings(c: Context<AppEnv>, skipped: Undecodable[]) {
  if (skipped.length > 0) c.header("Undecodable-Records", String(skipped.length));
  return skipped.map((u) => ({
    scheme: u.scheme,
    registrationId: u.registrationId,
    ...(u.cursor !== undefined ? { cursor: u.cursor } : {}),
    detail: "the stored value does not decode (corrupt) and was skipped; the operator has been told",
  }));
}

/**
 * `If-Match: *` matches any version: a blind overwrite (or withdrawal) that would slip past the lost-update
 * protection. Writes must name the version they replace.
 */
function refuseBlindMatch(ifMatch: string | undefined): void {
  if (ifMatch === undefined || !ifMatch.split(",").some((tag) => tag.trim() === "*")) return;
  throw new ProblemError(428, "If-Match: * would overwrite any version; send the record's current ETag", {
    errors: [{ pointer: "/header/if-match", detail: 'must be the current ETag ("v<n>"), not *' }],
  });
}

function recordStore(c: Context<AppEnv>): RecordStore {
  const store = c.var.deps.records;
  if (!store) {
    throw new ProblemError(503, "records are not served here; use the origin server", {
      headers: { "Retry-After": "3600" },
    });
  }
  return store;
}

function canonicalize(
  c: Context<AppEnv>,
  scheme: string,
  format: "native" | "canonical",
  record: Record<string, unknown>,
): CanonicalRecord {
  try {
    return c.var.translator.canonicalize(scheme, format, record);
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      throw new ProblemError(422, error.message, {
        errors: error.errors.map((e) => ({ pointer: `/body${e.pointer}`, detail: e.detail })),
      });
    }
    if (error instanceof UnsupportedPairError) {
      throw new ProblemError(422, `${error.message}; records are kept for: ${error.supported.join(", ")}`);
    }
    throw error;
  }
}

function present(c: Context<AppEnv>, record: StoredRecord) {
  const status = record.withdrawn
    ? ("withdrawn" as const)
    : effectiveStatus(record.canonical, c.var.deps.clock.today());
  return {
    scheme: record.scheme,
    registrationId: record.registrationId,
    version: record.version,
    etag: record.etag,
    status,
    owner: record.owner,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    canonical: { ...record.canonical, status },
  };
}
