import { mayWrite } from "../auth/api-keys.ts";
import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { Clock } from "../deps.ts";
import { effectiveStatus, type Translator, UnsupportedPairError } from "../domain/translation/translator.ts";
import { type JsonText, jsonText } from "../lib/json-text.ts";
import type { RecordStore, StoredRecord } from "../store/record-store.ts";
import type { Caller } from "./caller.ts";
import { requireScheme, ServiceError } from "./errors.ts";
import type { IdempotencyKeys, Replayed } from "./idempotency-keys.ts";
import { type RecordView, recordView, statusRank } from "./record-view.ts";
import { storeCall } from "./store-call.ts";
import { canonicalForWrite, recognisedRetry, refuseBlindMatch } from "./write-rules.ts";

/** One conditional write, as PUT and each batch item make it. */
export interface WriteRequest {
  scheme: string;
  registrationId: string;
  format: "native" | "canonical";
  record: Record<string, unknown>;
  ifMatch?: string | undefined;
  ifNoneMatch?: "*" | undefined;
  /** Set under an Idempotency-Key (see idempotency-keys.ts). */
  writeId?: string | undefined;
}

/** A write's answer: the record as shown, 201 for the version that created it. */
export interface Written {
  status: 200 | 201;
  etag: string;
  view: RecordView;
}

/** One batch item's outcome, for the caller to present (a result line, or the problem it was refused with). */
export type ItemOutcome =
  | { index: number; ok: true; record: StoredRecord; created: boolean }
  | { index: number; ok: false; error: unknown };

/**
 * Partners' records beyond HTTP: who may write what, the conditional writes and withdrawals with their idempotency
 * keys, reads and their representations, the label-URL lookup, lists and the change feed. Built once per app
 * (src/services/services.ts); each call names its caller. Refusals are ServiceErrors, the store's own answers pass
 * through (src/lib/to-problem.ts makes problems of both). Time comes from the injected clock.
 */
export class RecordService {
  constructor(
    private readonly deps: {
      catalog: CatalogIndex;
      translator: Translator;
      clock: Clock;
      keys: IdempotencyKeys;
      /** Absent where records are not served (the edge). */
      records?: RecordStore | undefined;
    },
  ) {}

  /** The record as the API shows it today. */
  view(record: StoredRecord): RecordView {
    return recordView(record, this.deps.clock.today());
  }

  /** PUT: a conditional write, once per Idempotency-Key when one is given. */
  async put(caller: Caller, request: WriteRequest, key?: string): Promise<Replayed | Written> {
    if (key === undefined) return this.written(await this.write(caller, request));
    return this.once(caller, key, { method: "PUT", ...request }, async (writeId) =>
      this.written(await this.write(caller, { ...request, writeId })),
    );
  }

  /** One conditional write, as PUT and each batch item make it; throws what it refuses. */
  async write(caller: Caller, request: WriteRequest): Promise<{ record: StoredRecord; created: boolean }> {
    const { scheme, registrationId } = request;
    const { principal, deadline } = caller;
    const store = this.store();
    requireScheme(this.deps.catalog, scheme, "/path/scheme");
    if (principal && mayWrite(principal, scheme, undefined) !== "ok") {
      throw new ServiceError("forbidden", `the key ${principal.id} may not write ${scheme} records`);
    }
    refuseBlindMatch(request.ifMatch);
    const canonical = canonicalForWrite(this.deps.translator, request);
    const existing = await storeCall(deadline, () => store.get(scheme, registrationId));
    if (principal && existing && mayWrite(principal, scheme, existing.owner) === "owner") {
      throw new ServiceError("forbidden", `the record ${scheme}/${registrationId} belongs to another partner`);
    }
    return storeCall(deadline, () =>
      store
        .put({
          scheme,
          registrationId,
          canonical: { ...canonical, registrationId },
          owner: principal?.id ?? null,
          ...(request.ifMatch !== undefined ? { ifMatch: request.ifMatch } : {}),
          ...(request.ifNoneMatch !== undefined ? { ifNoneMatch: request.ifNoneMatch } : {}),
          ...(request.writeId !== undefined ? { writeId: request.writeId } : {}),
          now: this.timestamp(),
        })
        .catch((error: unknown) => recognisedRetry(error, request.writeId)),
    );
  }

  /**
   * POST /v1/records/batch: the items under one Idempotency-Key, each succeeding or failing on its own. A replay of
   * the key returns the first response and writes nothing. Each item's result (as `present` makes it) is recorded
   * under the lease as it lands: a retry after a crash or a store outage resumes, reusing those results instead of
   * writing the items again, and the conditional headers keep the item in flight at the failure from landing twice.
   * A result with status 503 is an outage, not a result: it is not recorded, and the key is released for a retry.
   * `present` throws for an outcome it cannot present (a bug): the batch fails and the key is released.
   */
  async batch<R extends { status: number }>(
    caller: Caller,
    key: string,
    items: WriteRequest[],
    present: (outcome: ItemOutcome) => R,
  ): Promise<Replayed | { body: JsonText<{ results: R[] }> }> {
    const { claim, ...keyed } = await this.deps.keys.claim(caller, key, items);
    if (claim.state === "done") return { replayed: claim.response };
    const lease = this.deps.keys.hold(keyed, claim.token);
    try {
      const results: R[] = [];
      for (const [index, item] of items.entries()) {
        const earlier = claim.progress.get(index);
        if (earlier !== undefined) {
          results.push(JSON.parse(earlier) as R);
          continue;
        }
        if (lease.lost())
          throw new ServiceError("conflict", "a retry with this Idempotency-Key took over this request");
        const result = present(await this.writeItem(caller, index, item));
        results.push(result);
        if (result.status !== 503) await lease.record(index, JSON.stringify(result));
      }
      const body = jsonText({ results });
      if (results.some((r) => r.status === 503)) await this.deps.keys.release(caller, keyed, claim.token);
      else {
        const response = { status: 200, contentType: "application/json", body };
        await storeCall(caller.deadline, () =>
          keyed.store.complete(keyed.scope, keyed.key, keyed.fingerprint, response),
        );
      }
      return { body };
    } catch (error) {
      await this.deps.keys.release(caller, keyed, claim.token);
      throw error;
    } finally {
      lease.stop();
    }
  }

  /** DELETE: withdraws the record (If-Match naming its current version), once per Idempotency-Key when one is given. */
  async withdraw(
    caller: Caller,
    target: { scheme: string; registrationId: string; ifMatch: string | undefined },
    key?: string,
  ): Promise<Replayed | Written> {
    const { scheme, registrationId, ifMatch } = target;
    const { principal, deadline } = caller;
    const store = this.store();
    const existing = await storeCall(deadline, () => store.get(scheme, registrationId));
    if (!existing) throw new ServiceError("not-found", `no record ${scheme}/${registrationId}`);
    if (principal && mayWrite(principal, scheme, existing.owner) !== "ok") {
      throw new ServiceError("forbidden", `the key ${principal.id} may not withdraw ${scheme}/${registrationId}`);
    }
    if (ifMatch === undefined) {
      throw new ServiceError("precondition-required", "withdrawing a record needs If-Match with its current ETag");
    }
    refuseBlindMatch(ifMatch);
    const withdraw = async (): Promise<Written> => {
      const record = await storeCall(deadline, () =>
        store.withdraw({ scheme, registrationId, ifMatch, now: this.timestamp() }),
      );
      return { status: 200, etag: record.etag, view: this.view(record) };
    };
    if (key === undefined) return withdraw();
    // No write id here: withdrawing a withdrawn record already answers with its tombstone (a lost answer is safe).
    return this.once(caller, key, { method: "DELETE", scheme, registrationId, ifMatch }, withdraw);
  }

  /** The stored record, withdrawn ones included. */
  async get(caller: Caller, scheme: string, registrationId: string): Promise<StoredRecord> {
    const store = this.store();
    const record = await storeCall(caller.deadline, () => store.get(scheme, registrationId));
    if (!record) throw new ServiceError("not-found", `no record ${scheme}/${registrationId}`);
    return record;
  }

  /**
   * A record in a format other than canonical: its native original as it was stored, or — provisional — translated
   * into another scheme's format as of today.
   */
  async representation(record: StoredRecord, format: string) {
    if (format === "native") {
      const native = record.canonical.native?.record;
      if (!native) {
        throw new ServiceError("not-found", "this record was stored in canonical form; it has no native original");
      }
      return { record: native, provisional: false, warnings: [] };
    }
    requireScheme(this.deps.catalog, format, "/query/format");
    try {
      const translated = await this.deps.translator.translate({
        from: record.scheme,
        to: format,
        format: "canonical",
        record: { ...record.canonical, status: record.withdrawn ? "withdrawn" : record.canonical.status },
        asOf: this.deps.clock.today(),
      });
      return { record: translated.record, provisional: true, warnings: translated.warnings };
    } catch (error) {
      if (error instanceof UnsupportedPairError) {
        const detail = `${error.message}; formats: canonical, native, ${error.supported.join(", ")}`;
        throw new ServiceError("invalid", detail);
      }
      throw error;
    }
  }

  /** What the record is recognised as in every other scheme with levels, on `asOf` (today by default). */
  async recognition(caller: Caller, scheme: string, registrationId: string, asOf = this.deps.clock.today()) {
    const record = await this.get(caller, scheme, registrationId);
    const status = record.withdrawn ? ("withdrawn" as const) : effectiveStatus(record.canonical, asOf);
    const canonical = { ...record.canonical, status };
    const targets = this.deps.catalog.allSchemes().filter((s) => s.id !== scheme && s.levels.length > 0);
    return {
      scheme,
      registrationId,
      asOf,
      status,
      recognition: targets.map((t) => this.deps.translator.recognize(canonical, t.id, asOf)),
    };
  }

  /**
   * Among the records that carry the URL, the best by status (active, then suspended, expired, withdrawn; the latest
   * update breaks a tie), with every candidate listed and `ambiguous` set when more than one has the best status — a
   * shared URL is the partners' mistake to sort out, not ours to hide.
   */
  async resolveLabel(caller: Caller, url: string) {
    const store = this.store();
    const found = await storeCall(caller.deadline, () => store.findByUrl(url));
    if (found.length === 0) {
      throw new ServiceError("not-found", "no stored record has this label URL", {
        faults: [{ pointer: "/query/url", detail: "no match" }],
      });
    }
    const candidates = found
      .map((r) => this.view(r))
      .sort((a, b) => statusRank[a.status] - statusRank[b.status] || b.updatedAt.localeCompare(a.updatedAt));
    const best = candidates[0] as (typeof candidates)[number];
    return {
      ...best,
      match: {
        ambiguous: candidates.filter((r) => r.status === best.status).length > 1,
        candidates: candidates.map((r) => ({ scheme: r.scheme, registrationId: r.registrationId, status: r.status })),
      },
    };
  }

  /** A page of records in (scheme, registration id) order; the status filter applies to the status as of today. */
  async list(
    caller: Caller,
    query: { scheme?: string | undefined; holder?: string | undefined; status?: RecordView["status"] | undefined },
    cursor: string | undefined,
    limit: number,
  ) {
    const store = this.store();
    const { scheme, holder, status } = query;
    const page = await storeCall(caller.deadline, () => store.list({ scheme, holder }, cursor, limit));
    const records = page.records.map((r) => this.view(r)).filter((r) => status === undefined || r.status === status);
    return { records, next: page.next, undecodable: page.undecodable };
  }

  /** The change feed after `since`; a cursor older than the retention, by the clock, is refused by the store. */
  async changes(caller: Caller, since: string | undefined, limit: number) {
    const store = this.store();
    return storeCall(caller.deadline, () => store.changes(since, limit, this.deps.clock.now()));
  }

  private async writeItem(caller: Caller, index: number, item: WriteRequest): Promise<ItemOutcome> {
    try {
      const { record, created } = await this.write(caller, item);
      return { index, ok: true, record, created };
    } catch (error) {
      return { index, ok: false, error };
    }
  }

  private written({ record, created }: { record: StoredRecord; created: boolean }): Written {
    return { status: created ? 201 : 200, etag: record.etag, view: this.view(record) };
  }

  /** A write under an Idempotency-Key: the first answer is kept as the bytes a replay sends. */
  private async once(
    caller: Caller,
    key: string,
    request: unknown,
    write: (writeId: string) => Promise<Written>,
  ): Promise<Replayed | Written> {
    let written: Written | undefined;
    const answer = await this.deps.keys.once(caller, key, request, async (writeId) => {
      written = await write(writeId);
      return { status: written.status, etag: written.etag, body: JSON.stringify(written.view) };
    });
    return "replayed" in answer ? answer : (written as Written);
  }

  private store(): RecordStore {
    const store = this.deps.records;
    if (!store) {
      throw new ServiceError("not-served", "records are not served here; use the origin server", {
        retryAfterSeconds: 3600,
      });
    }
    return store;
  }

  private timestamp(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
