import type { Context } from "hono";
import { matchesIfNoneMatch } from "../../lib/catalog-etag.ts";
import { type JsonResponse, jsonAnswer } from "../../lib/json-text.ts";
import { problemBody } from "../../lib/problem.ts";
import { toProblem } from "../../lib/to-problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import type { Caller } from "../../services/caller.ts";
import type { Replayed } from "../../services/idempotency-keys.ts";
import type { ItemOutcome, Written } from "../../services/record-service.ts";
import type { RecordView } from "../../services/record-view.ts";
import type { StoredResponse } from "../../store/idempotency.ts";
import type { Undecodable } from "../../store/record-decode.ts";
import { storedRecordCredential, wantsCredential } from "../credentials/issue.ts";
import type * as routes from "./records.routes.ts";

/**
 * The record routes: each parses (the route's contract has), calls the RecordService (src/services/), renders. Who may
 * write, idempotency keys, the store and the clock are the service's; its refusals become problems in
 * src/lib/to-problem.ts.
 */

export const put: AppRouteHandler<typeof routes.put> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const headers = c.req.valid("header");
  const body = c.req.valid("json");
  const request = {
    scheme,
    registrationId,
    format: body.format,
    record: body.record,
    ifMatch: headers["if-match"],
    ifNoneMatch: headers["if-none-match"],
  };
  const outcome = await c.var.services.records.put(caller(c), request, headers["idempotency-key"]);
  return answer(c, outcome);
};

/**
 * POST /v1/records/batch: up to BATCH_MAX conditional writes under one Idempotency-Key, each succeeding or failing on
 * its own; a replay returns the first response byte for byte (RecordService.batch has the rules). A refused item's
 * result is the problem a single write would get, its pointers naming the item.
 */
export const batch: AppRouteHandler<typeof routes.batch> = async (c) => {
  const key = c.req.valid("header")["idempotency-key"];
  const items = c.req.valid("json").records;
  const outcome = await c.var.services.records.batch(caller(c), key, items, (item) => batchResult(c, item));
  if ("replayed" in outcome) return replay<{ results: ReturnType<typeof batchResult>[] }, 200>(c, outcome.replayed);
  return jsonAnswer(c, outcome.body, 200);
};

function batchResult(c: Context<AppEnv>, outcome: ItemOutcome) {
  const { index } = outcome;
  if (outcome.ok) {
    const { record, created } = outcome;
    return { index, status: created ? (201 as const) : (200 as const), etag: record.etag, version: record.version };
  }
  const problem = toProblem(outcome.error);
  if (!problem) throw outcome.error;
  const errors = problem.errors?.map((e) => ({ ...e, pointer: itemPointer(index, e.pointer) }));
  return { index, status: problem.status, problem: problemBody(c, problem.status, problem.message, errors) };
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

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const { format = "canonical" } = c.req.valid("query");
  const records = c.var.services.records;
  const record = await records.get(caller(c), scheme, registrationId);
  if (wantsCredential(c)) {
    const signed = await storedRecordCredential(c, record, format);
    return signed;
  }
  // Each representation has its own strong tag: the version plus the format.
  const etag = format === "canonical" ? record.etag : `"v${record.version}-${format}"`;
  c.header("ETag", etag);
  c.header("Cache-Control", "private, no-cache");
  if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  if (format === "canonical") return c.json(records.view(record), 200);
  const shown = await records.representation(record, format);
  return c.json({ scheme, registrationId, version: record.version, format, ...shown }, 200);
};

export const recognition: AppRouteHandler<typeof routes.recognition> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const { asOf } = c.req.valid("query");
  return c.json(await c.var.services.records.recognition(caller(c), scheme, registrationId, asOf), 200);
};

/** GET /v1/labels/resolve: the best record carrying the URL, with every candidate (RecordService.resolveLabel). */
export const resolveLabel: AppRouteHandler<typeof routes.resolveLabel> = async (c) => {
  const { url } = c.req.valid("query");
  const resolved = await c.var.services.records.resolveLabel(caller(c), url);
  c.header("ETag", resolved.etag);
  return c.json(resolved, 200);
};

export const withdraw: AppRouteHandler<typeof routes.withdraw> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const headers = c.req.valid("header");
  const target = { scheme, registrationId, ifMatch: headers["if-match"] };
  const outcome = await c.var.services.records.withdraw(caller(c), target, headers["idempotency-key"]);
  // Withdrawing never creates: the answer is 200 (the contract declares no 201).
  if ("replayed" in outcome) return replay<RecordView, 200>(c, outcome.replayed);
  c.header("ETag", outcome.etag);
  return c.json(outcome.view, 200);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { scheme, holder, status, limit, cursor } = c.req.valid("query");
  const page = await c.var.services.records.list(caller(c), { scheme, holder, status }, cursor, limit);
  c.header("Cache-Control", "private, no-cache");
  return c.json({ records: page.records, next: page.next, warnings: undecodableWarnings(c, page.undecodable) }, 200);
};

export const changes: AppRouteHandler<typeof routes.changes> = async (c) => {
  const { since, limit } = c.req.valid("query");
  const page = await c.var.services.records.changes(caller(c), since, limit);
  c.header("Cache-Control", "no-store");
  return c.json({ changes: page.changes, next: page.next, warnings: undecodableWarnings(c, page.undecodable) }, 200);
};

/** Who asks, and the request's store deadline (set by the records middleware). */
function caller(c: Context<AppEnv>): Caller {
  return { principal: c.var.principal, deadline: c.var.deadline };
}

/** A write's answer: the record with its ETag; a replay is the first answer (kept as bytes) marked as one. */
function answer(c: Context<AppEnv>, outcome: Replayed | Written) {
  if ("replayed" in outcome) return replay<RecordView, 200 | 201>(c, outcome.replayed);
  c.header("ETag", outcome.etag);
  return outcome.status === 201 ? c.json(outcome.view, 201) : c.json(outcome.view, 200);
}

/**
 * The first answer again, marked as a replay, typed as the route's answer `T` with status `S`: a key is bound to one
 * request's fingerprint, so what it holds is what this route answered that request — which the store, keeping bytes,
 * cannot tell the compiler (the one assertion between a route and its handler left here).
 */
function replay<T, S extends 200 | 201>(c: Context<AppEnv>, response: StoredResponse): JsonResponse<T, S> {
  const replayed: Response = c.body(response.body, response.status as S, {
    "content-type": response.contentType,
    ...(response.etag !== undefined ? { ETag: response.etag } : {}),
    "idempotent-replayed": "true",
  });
  return replayed as JsonResponse<T, S>;
}

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
