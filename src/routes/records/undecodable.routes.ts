import { z } from "@hono/zod-openapi";
import { Slug } from "../../contracts/common.ts";
import { REGISTRATION_ID_RULE, RegistrationId } from "../../contracts/registration-id.ts";
import { QuarantinedRecord, UndecodablePage } from "../../contracts/undecodable-records.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";
import { RECORD_LIMITS } from "./records.routes.ts";

/**
 * The operator's tools for corrupt record values (issue 21: one bad record never harms another): find them by
 * scanning the store, whether or not a read has met them, and move them out of the way without losing them.
 */
const tags = ["Records"];
const security = [{ bearer: [] }];
const ADMIN_ONLY = " Admin keys only (403 for reader and partner keys).";

export const listUndecodable = defineRoute({
  facts: { guard: { store: "records", roles: ["admin"] }, edge: "origin" },
  operationId: "listUndecodableRecords",
  method: "get",
  path: "/v1/admin/records/undecodable",
  tags,
  security,
  summary: "Stored record values that do not decode (admin)",
  description:
    "Scans the record store's keys (on Redis, SCAN over the record key pattern), about `limit` keys a page, and " +
    "lists those whose value does not decode — also ones no read has met yet — with why (the first schema issue, " +
    "never the value). Pass `next` back as `cursor` until it is null; a page may list none while `next` is set. " +
    "A key may be listed twice across pages when the store grows during the scan; one present throughout is listed " +
    "at least once. Each one found counts in `/readyz` until it is repaired or quarantined." +
    ADMIN_ONLY,
  request: {
    query: z.strictObject({
      cursor: z
        .string()
        .max(1024)
        .regex(/^[0-9a-f]+$/, "not a scan cursor: pass back the next of an earlier page")
        .optional(),
      limit: z.coerce.number().int().min(1).max(RECORD_LIMITS.pageSize).default(100),
    }),
  },
  responses: {
    200: { description: "A page of the scan", content: { "application/json": { schema: UndecodablePage } } },
    ...problemResponses(400, 401, 403, 406, 503),
  },
});

export const quarantine = defineRoute({
  facts: { guard: { store: "records", roles: ["admin"] }, edge: "origin" },
  operationId: "quarantineUndecodableRecord",
  method: "post",
  path: "/v1/admin/records/undecodable/{scheme}/{registrationId}/quarantine",
  tags,
  security,
  summary: "Move an undecodable record value to a quarantine key (admin)",
  description:
    "Moves the value stored for the record, as it is, to a quarantine key named in the answer (kept, never " +
    "deleted: inspect or restore it by hand), and takes the record out of the listing, holder, label-URL and expiry " +
    "indexes, so lists stop warning about it and `/readyz` stops counting it. Writes nothing to the change feed: the " +
    "feed tells of records, and no record was created, updated, withdrawn or expired — the record's earlier feed " +
    "entries stay, and a read of it answers 404 from then on. Only undecodable values move: a value that decodes is " +
    "a 409 (withdraw a record instead). Quarantining again is a 404 (nothing is stored there any more); the first " +
    "answer named the quarantine key." +
    ADMIN_ONLY,
  request: {
    params: z.object({
      scheme: Slug.openapi({ param: { name: "scheme", in: "path" }, example: "jc-star" }),
      registrationId: RegistrationId.openapi({
        param: { name: "registrationId", in: "path" },
        example: "CSA/310327/EX-100-0001",
        description: REGISTRATION_ID_RULE,
      }),
    }),
  },
  responses: {
    200: { description: "Moved", content: { "application/json": { schema: QuarantinedRecord } } },
    ...problemResponses(400, 401, 403, 404, 406, 409, 503),
  },
});
