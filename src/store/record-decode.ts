import { z } from "@hono/zod-openapi";
import { CanonicalRecord } from "../schemas/record.ts";
import type { Change, StoredRecord } from "./record-store.ts";

/**
 * What a stored value must be to be served. Both twins decode every value they read with these schemas, so a value
 * that an operator's slip, a half-done migration or a bug left at a record key is seen as undecodable — skipped and
 * reported — instead of failing the whole list it sits in or being served as a 200 with an invalid body.
 */
const Timestamp = z.iso.datetime();

export const StoredRecordSchema = z
  .object({
    scheme: z.string().min(1),
    registrationId: z.string().min(1),
    version: z.number().int().min(1),
    etag: z.string(),
    canonical: CanonicalRecord,
    owner: z.string().min(1).nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    withdrawn: z.boolean(),
    writeId: z.string().min(1).optional(),
  })
  .refine((r) => r.etag === `"v${r.version}"`, { message: 'etag must be "v<version>"', path: ["etag"] });

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

export function decodeStoredRecord(value: unknown): Decoded<StoredRecord> {
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
