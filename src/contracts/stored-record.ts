import { z } from "@hono/zod-openapi";
import { Problem } from "../lib/problem.ts";
import { EquivalenceAnswer } from "./equivalence.ts";
import { CanonicalRecord } from "./record.ts";
import { TranslationWarning } from "./translation.ts";

export const StoredRecordBody = z
  .object({
    scheme: z.string(),
    registrationId: z.string(),
    version: z.number().int(),
    etag: z.string(),
    status: z.enum(["active", "suspended", "withdrawn", "expired"]).describe("computed on the day of the request"),
    owner: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    canonical: CanonicalRecord,
  })
  .openapi("StoredRecord");

export const LabelResolution = StoredRecordBody.extend({
  match: z.object({
    ambiguous: z
      .boolean()
      .describe("more than one record with this URL has the chosen record's status: the URL does not decide"),
    candidates: z
      .array(
        z.object({
          scheme: z.string(),
          registrationId: z.string(),
          status: StoredRecordBody.shape.status,
        }),
      )
      .describe("every record with this URL, best first (active, suspended, expired, withdrawn; latest first)"),
  }),
}).openapi("LabelResolution");

/** A stored value left out of a page because it does not decode: the operator has been told (error log, /readyz). */
export const UndecodableWarning = z
  .object({
    scheme: z.string(),
    registrationId: z.string(),
    cursor: z.string().optional().describe("for a change-feed entry: its cursor"),
    detail: z.string(),
  })
  .openapi("UndecodableWarning");

const warnings = z
  .array(UndecodableWarning)
  .describe("stored values this page skipped because they do not decode (corrupt); empty when none");

export const ChangeFeed = z
  .object({
    changes: z.array(
      z.object({
        cursor: z.string(),
        type: z.enum(["created", "updated", "withdrawn", "expired"]),
        scheme: z.string(),
        registrationId: z.string(),
        version: z.number().int(),
        at: z.string(),
      }),
    ),
    next: z.string().nullable().describe("pass back as `since`"),
    warnings,
  })
  .openapi("ChangeFeed");

export const RecordRepresentation = z
  .object({
    scheme: z.string(),
    registrationId: z.string(),
    version: z.number().int(),
    format: z.string().describe("native, or the scheme the record was translated into"),
    record: z.record(z.string(), z.unknown()),
    provisional: z.boolean().describe("true for a translation: the target scheme has not issued it"),
    warnings: z.array(TranslationWarning),
  })
  .openapi("RecordRepresentation");

export const RecordRecognition = z
  .object({
    scheme: z.string(),
    registrationId: z.string(),
    asOf: z.string(),
    status: z.enum(["active", "suspended", "withdrawn", "expired"]),
    recognition: z.array(EquivalenceAnswer),
  })
  .openapi("RecordRecognition");

export const BatchResults = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.number().int(),
        etag: z.string().optional(),
        version: z.number().int().optional(),
        problem: Problem.optional(),
      }),
    ),
  })
  .openapi("BatchResults");

export const RecordPage = z
  .object({
    records: z.array(StoredRecordBody),
    next: z.string().nullable().describe("pass back as `cursor`"),
    warnings,
  })
  .openapi("RecordPage");
