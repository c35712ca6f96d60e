import { z } from "@hono/zod-openapi";
import { CanonicalRecord } from "../contracts/record.ts";
import { generatedRecordChecks } from "../record-formats/generated-checks.ts";
import type { Change, StoredRecord } from "./record-store.ts";

/**
 * What a stored value must be to be served. Both twins decode every value they read with these schemas, so a value
 * that an operator's slip, a half-done migration or a bug left at a record key is seen as undecodable — skipped and
 * reported — instead of failing the whole list it sits in or being served as a 200 with an invalid body.
 */
const Timestamp = z.iso.datetime();

/** A stored record whose canonical record is checked by `canonical`. */
const storedRecord = <C extends z.ZodType>(canonical: C) =>
  z
    .object({
      scheme: z.string().min(1),
      registrationId: z.string().min(1),
      version: z.number().int().min(1),
      etag: z.string(),
      canonical,
      owner: z.string().min(1).nullable(),
      createdAt: Timestamp,
      updatedAt: Timestamp,
      withdrawn: z.boolean(),
      writeId: z.string().min(1).optional(),
    })
    .refine((r) => r.etag === `"v${r.version}"`, { message: 'etag must be "v<version>"', path: ["etag"] });

export const StoredRecordSchema = storedRecord(CanonicalRecord);

/**
 * The stored record around its canonical record: what decodeStoredRecord asks zod for once the generated check has
 * accepted the canonical record (the same rules as StoredRecordSchema, the canonical record left to that check).
 */
const StoredEnvelope = storedRecord(z.unknown());

export const ChangeSchema = z.object({
  cursor: z.string().min(1),
  type: z.enum(["created", "updated", "withdrawn", "expired"]),
  scheme: z.string().min(1),
  registrationId: z.string().min(1),
  version: z.number().int().min(1),
  at: Timestamp,
});

/** A stored value that did not decode: which record (or feed entry) it is, and the first reason, for the log. */
export interface Undecodable {
  /** The store's own key of the value (a Redis key, or the feed entry's cursor). */
  key: string;
  scheme: string;
  registrationId: string;
  /** Set for a change-feed entry. */
  cursor?: string;
  reason: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * A list page decodes 500 of these: the canonical record goes first to the accept-only check generated from its zod
 * schema at build time (scripts/codegen/record-checks.ts; it returns zod's data or "ask zod"), which is several times
 * faster than zod, and zod then checks only the small envelope. Whatever the check does not accept is parsed whole by
 * zod, so a bad value is refused with zod's first issue as before.
 */
export function decodeStoredRecord(value: unknown): Decoded<StoredRecord> {
  const canonical =
    typeof value === "object" && value !== null
      ? generatedRecordChecks.canonical((value as { canonical?: unknown }).canonical)
      : undefined;
  if (canonical !== undefined) {
    const envelope = decode(StoredEnvelope, value);
    if (envelope.ok) return { ok: true, value: { ...envelope.value, canonical } as StoredRecord };
  }
  return decode(StoredRecordSchema, value) as Decoded<StoredRecord>;
}

export function decodeChange(value: unknown): Decoded<Change> {
  return decode(ChangeSchema, value);
}

function decode<T>(schema: z.ZodType<T>, value: unknown): Decoded<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join(".") || "value"}: ${issue.message}` : "does not decode" };
}
