import { z } from "@hono/zod-openapi";
import { AsOfDate, Slug } from "../../contracts/common.ts";
import { CredentialForm } from "../../contracts/credential-compact.ts";
import { REGISTRATION_ID_RULE, RegistrationId } from "../../contracts/registration-id.ts";
import {
  BatchResults,
  ChangeFeed,
  LabelResolution,
  RecordPage,
  RecordRecognition,
  RecordRepresentation,
  StoredRecordBody,
} from "../../contracts/stored-record.ts";
import { Problem, problemResponses } from "../../lib/problem.ts";
import { FEED_CURSOR, LIST_CURSOR } from "../../store/record-store.ts";
import { CREDENTIAL_DESCRIPTION, credentialContent } from "../credentials/credentials.routes.ts";
import { defineRoute } from "../define-route.ts";

export const RECORD_LIMITS = { bodyBytes: 256 * 1024, pageSize: 500, batchItems: 100, batchBytes: 4 * 1024 * 1024 };

const tags = ["Records"];
const security = [{ bearer: [] }];
const params = z.object({
  scheme: Slug.openapi({ param: { name: "scheme", in: "path" }, example: "jc-star" }),
  registrationId: RegistrationId.openapi({
    param: { name: "registrationId", in: "path" },
    example: "CSA/310327/EX-100-0001",
    description: REGISTRATION_ID_RULE,
  }),
});
const etagHeader = { ETag: { schema: { type: "string" as const }, description: 'strong ETag of the version, "v<n>"' } };
const replayedHeader = {
  "Idempotent-Replayed": {
    schema: { type: "string" as const, enum: ["true"] },
    description: "present on a replay: this is the first request's answer and nothing was written now",
  },
};
/** The optional Idempotency-Key of a single write, as the batch route's required one. */
const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .openapi({
    description:
      "Optional: a retry with the same key and the same request gets the first answer (status, ETag, body; " +
      "`Idempotent-Replayed: true`) instead of 412 — also when that answer was lost after the write landed. The same " +
      "key with another request is 422; while the first runs, 409 with `Retry-After`. Scoped to the API key, kept 48 " +
      "hours, shared with the batch route's keys; a refused write (4xx) is not kept.",
  });
const SINGLE_WRITE_KEY =
  " An optional `Idempotency-Key` makes a retry safe to send blind: the same key and request get the first answer " +
  "(`Idempotent-Replayed: true`), another request under the key is 422, one still running 409 with `Retry-After`.";
/** The count of stored values a page skipped because they do not decode; its `warnings` name them. */
const undecodableHeader = {
  "Undecodable-Records": {
    schema: { type: "string" as const, pattern: "^[1-9][0-9]*$" },
    description: "present when the page skipped stored values that do not decode: how many (`warnings` names them)",
  },
};
/** Said on every route that reads one stored record: what a corrupt value at its key gets. */
const UNDECODABLE_409 =
  " 409 when the value stored for the record does not decode (corrupt): no retry helps, an operator must repair it.";

export const PutRecordBody = z
  .strictObject({
    format: z.enum(["native", "canonical"]).default("native"),
    record: z.record(z.string(), z.unknown()),
  })
  .openapi("PutRecord");

export const put = defineRoute({
  facts: { guard: { store: "records", roles: ["partner", "admin"] }, edge: "origin" },
  body: { types: "application/json", maxBytes: RECORD_LIMITS.bodyBytes },
  operationId: "putRecord",
  method: "put",
  path: "/v1/records/{scheme}/{registrationId}",
  tags,
  security,
  summary: "Create or replace a record",
  description:
    "Create with `If-None-Match: *` (412 if it exists); replace with `If-Match: <ETag>` (428 without it or with the " +
    'blind `If-Match: *`, 412 when stale). The ETag of any representation of the current version will do — `"v3"`, ' +
    'or `"v3-native"` / `"v3-<scheme>"` from a GET with `format` — since each names version 3 (the comparison ' +
    "stays strong: a weak `W/` tag never matches). The record is validated against its scheme's format and stored canonically with its native original. " +
    "Version, timestamps and the computed status are the server's. Partners write only their granted schemes and only " +
    `records they created. Body at most ${RECORD_LIMITS.bodyBytes / 1024} KiB.${SINGLE_WRITE_KEY}${UNDECODABLE_409}`,
  request: {
    params,
    headers: z.object({
      "if-match": z.string().max(512).optional(),
      "if-none-match": z.literal("*").optional(),
      "idempotency-key": idempotencyKey,
    }),
    body: { required: true, content: { "application/json": { schema: PutRecordBody } } },
  },
  responses: {
    200: {
      description: "Replaced",
      headers: { ...etagHeader, ...replayedHeader },
      content: { "application/json": { schema: StoredRecordBody } },
    },
    201: {
      description: "Created",
      headers: { ...etagHeader, ...replayedHeader },
      content: { "application/json": { schema: StoredRecordBody } },
    },
    ...problemResponses(400, 401, 403, 404, 406, 409, 412, 413, 415, 422, 428, 503),
  },
});

export const get = defineRoute({
  facts: { guard: { store: "records", roles: ["reader", "partner", "admin"] }, edge: "origin" },
  operationId: "getRecord",
  method: "get",
  path: "/v1/records/{scheme}/{registrationId}",
  tags,
  security,
  summary: "Read a record (its status computed on the day)",
  request: {
    params,
    query: z.strictObject({
      format: z
        .string()
        .regex(/^[A-Za-z0-9-]+$/)
        .optional()
        .openapi({
          description:
            "canonical (default: the stored record), native (the original as received), or a scheme id to receive it translated",
          example: "uk-psti",
        }),
      form: CredentialForm,
    }),
  },
  description:
    "The stored canonical record with its native original, version and strong ETag (304 on If-None-Match). Status is computed: withdrawn for a tombstone, expired past the valid-until date." +
    CREDENTIAL_DESCRIPTION +
    " The credential carries the canonical record and its recognition today in every other scheme (with `format=<scheme>`, the translation into that scheme instead); 409 for a label that is not valid today." +
    UNDECODABLE_409,
  responses: {
    200: {
      description:
        "The record: the stored canonical record (`format` absent or `canonical`), or a representation of it — the " +
        "native original (`format=native`) or a provisional translation into another scheme (`format=<scheme>`); " +
        "with Accept: application/vc+jwt, a signed credential (no ETag then)",
      headers: etagHeader,
      content: {
        "application/json": { schema: z.union([StoredRecordBody, RecordRepresentation]) },
        ...credentialContent,
      },
    },
    304: { description: "Not modified" },
    ...problemResponses(400, 401, 403, 404, 406, 409, 503),
  },
});

export const withdraw = defineRoute({
  facts: { guard: { store: "records", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "withdrawRecord",
  method: "delete",
  path: "/v1/records/{scheme}/{registrationId}",
  tags,
  security,
  summary: "Withdraw a record (a tombstone stays for the change feed)",
  description:
    "Needs If-Match with the current ETag, of any representation (428 without it, 412 when stale). The record stays readable as withdrawn and the feed shows the withdrawal. " +
    "Idempotent: withdrawing a record already withdrawn answers 200 with the tombstone as it is (its ETag, no new " +
    "version, no second feed entry), whatever If-Match names — a retry whose first answer was lost still succeeds." +
    SINGLE_WRITE_KEY +
    UNDECODABLE_409,
  request: {
    params,
    headers: z.object({ "if-match": z.string().max(512).optional(), "idempotency-key": idempotencyKey }),
  },
  responses: {
    200: {
      description: "The tombstone (the existing one, unchanged, when the record was already withdrawn)",
      headers: { ...etagHeader, ...replayedHeader },
      content: { "application/json": { schema: StoredRecordBody } },
    },
    ...problemResponses(400, 401, 403, 404, 406, 409, 412, 422, 428, 503),
  },
});

export const changes = defineRoute({
  facts: { guard: { store: "records", roles: ["reader", "partner", "admin"] }, edge: "origin" },
  operationId: "listChanges",
  method: "get",
  path: "/v1/changes",
  tags,
  security,
  summary: "Ordered changes since a cursor",
  description:
    "Created, updated and withdrawn records in write order. Pass `next` back as `since` to resume. A malformed " +
    `cursor is 400; a well-formed one older than the retention (30 days) gets 410: resync. At most ${RECORD_LIMITS.pageSize} changes a page. ` +
    "An entry that does not decode is skipped, named in `warnings` and counted in `Undecodable-Records`; `next` " +
    "moves past it.",
  request: {
    query: z.strictObject({
      since: z
        .string()
        .max(8448)
        .regex(FEED_CURSOR, "not a feed cursor: pass back the next of an earlier page (<milliseconds>-<sequence>)")
        .optional(),
      limit: z.coerce.number().int().min(1).max(RECORD_LIMITS.pageSize).default(100),
    }),
  },
  responses: {
    200: {
      description: "A page of changes",
      headers: undecodableHeader,
      content: { "application/json": { schema: ChangeFeed } },
    },
    ...problemResponses(400, 401, 403, 406, 410, 503),
  },
});

export const recognition = defineRoute({
  facts: { guard: { store: "records", roles: ["reader", "partner", "admin"] }, edge: "origin" },
  operationId: "recordRecognition",
  method: "get",
  path: "/v1/records/{scheme}/{registrationId}/recognition",
  tags,
  security,
  summary: "What this record earns in every other scheme on a date",
  description:
    "The equivalence answer for the record's own level against every other scheme with levels, on asOf (default today). " +
    "Expiry-aware: an expired, suspended or withdrawn label earns no legal recognition." +
    UNDECODABLE_409,
  request: { params, query: z.strictObject({ asOf: AsOfDate.optional() }) },
  responses: {
    200: { description: "Per scheme", content: { "application/json": { schema: RecordRecognition } } },
    ...problemResponses(400, 401, 403, 404, 406, 409, 503),
  },
});

export const resolveLabel = defineRoute({
  facts: { guard: { store: "records", roles: ["reader", "partner", "admin"] }, edge: "origin" },
  operationId: "resolveLabel",
  method: "get",
  path: "/v1/labels/resolve",
  tags,
  security,
  summary: "The record behind a label's QR URL",
  description:
    "Matches the URL against the registry URLs of stored records (exactly, after normalising scheme and host case and " +
    "a trailing slash). Kakehashi never fetches the URL. When several records carry it, the active one wins (then " +
    "suspended, expired, withdrawn; the latest update breaks a tie); `match` lists them all and says whether the " +
    "choice was ambiguous.",
  request: { query: z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2000) }) },
  responses: {
    200: { description: "The record", content: { "application/json": { schema: LabelResolution } } },
    ...problemResponses(400, 401, 403, 404, 406, 503),
  },
});

const BatchItem = z.strictObject({
  scheme: Slug,
  registrationId: params.shape.registrationId,
  format: z.enum(["native", "canonical"]).default("native"),
  record: z.record(z.string(), z.unknown()),
  ifMatch: z.string().max(512).optional(),
  ifNoneMatch: z.literal("*").optional(),
});

export const batch = defineRoute({
  facts: { guard: { store: "records", roles: ["partner", "admin"] }, edge: "origin" },
  body: { types: "application/json", maxBytes: RECORD_LIMITS.batchBytes },
  operationId: "putRecords",
  method: "post",
  path: "/v1/records/batch",
  tags,
  security,
  summary: "Write many records under one Idempotency-Key",
  description:
    `Up to ${RECORD_LIMITS.batchItems} conditional writes (each with ifNoneMatch "*" or ifMatch), ` +
    `${RECORD_LIMITS.batchBytes / 1024 / 1024} MiB at most. Idempotency-Key is required and scoped to the API key: a ` +
    "replay returns the first response byte for byte (Idempotent-Replayed: true) and writes nothing; the same key " +
    "with another body is 422; while the first request runs, 409 with `Retry-After` (the seconds until its lease " +
    "lapses if it stops renewing it). Keys are kept 48 hours. A request holds its key on " +
    "a 10-second lease it renews while it runs: after a crash the lease lapses, and a retry resumes — items that " +
    "landed before the crash keep their first results and are not written again.",
  request: {
    headers: z.object({ "idempotency-key": z.string().min(1).max(255) }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({ records: z.array(BatchItem).min(1).max(RECORD_LIMITS.batchItems) }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "One result per item, in order",
      headers: replayedHeader,
      content: { "application/json": { schema: BatchResults } },
    },
    ...problemResponses(400, 401, 403, 406, 413, 415, 422, 503),
    409: {
      description: "A request with this Idempotency-Key is still running",
      headers: {
        "Retry-After": {
          required: true,
          schema: { type: "string", pattern: "^[1-9][0-9]*$" },
          description: "seconds until the running request's lease lapses if it is not renewed: look again then",
        },
      },
      content: { "application/problem+json": { schema: Problem } },
    },
  },
});

export const list = defineRoute({
  facts: { guard: { store: "records", roles: ["reader", "partner", "admin"] }, edge: "origin" },
  operationId: "listRecords",
  method: "get",
  path: "/v1/records",
  tags,
  security,
  summary: "List records, in scheme and registration-id order",
  description:
    `Filters: scheme, holder (exact name, case-insensitive), status (computed on the day). At most ` +
    `${RECORD_LIMITS.pageSize} a page; pass \`next\` back as \`cursor\`. A status filter applies within each page, so a ` +
    "page may hold fewer records than the limit while `next` is still set. A stored record that does not decode " +
    "(corrupt) is left out, named in `warnings` and counted in the `Undecodable-Records` header — one bad record " +
    "never fails the page.",
  request: {
    query: z.strictObject({
      scheme: Slug.optional(),
      holder: z.string().min(1).max(200).optional(),
      status: z.enum(["active", "suspended", "withdrawn", "expired"]).optional(),
      limit: z.coerce.number().int().min(1).max(RECORD_LIMITS.pageSize).default(100),
      cursor: z
        .string()
        .max(300)
        .regex(LIST_CURSOR, "not a listing cursor: pass back the next of an earlier page")
        .optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of records",
      headers: undecodableHeader,
      content: { "application/json": { schema: RecordPage } },
    },
    ...problemResponses(400, 401, 403, 406, 503),
  },
});
