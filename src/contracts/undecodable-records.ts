import { z } from "@hono/zod-openapi";

/** The admin routes' answers about stored values that do not decode (src/routes/records/undecodable.routes.ts). */

export const UndecodableRecord = z
  .object({
    key: z.string().describe("the store's key of the value (on Redis, the Redis key)"),
    scheme: z.string().nullable().describe("read from the key; null when the key names no record"),
    registrationId: z.string().nullable().describe("read from the key; null when the key names no record"),
    reason: z
      .string()
      .describe("why it does not decode: the first issue, as `path: message` — never the stored value itself"),
  })
  .openapi("UndecodableRecord");

export const UndecodablePage = z
  .object({
    undecodable: z.array(UndecodableRecord),
    next: z
      .string()
      .nullable()
      .describe("pass back as `cursor` for the next page; null when the whole store has been scanned"),
    scanned: z.number().int().min(0).describe("how many record keys this page looked at"),
  })
  .openapi("UndecodablePage");

export const QuarantinedRecord = z
  .object({
    scheme: z.string(),
    registrationId: z.string(),
    key: z.string().describe("where the value was"),
    quarantineKey: z.string().describe("where the value is kept now, as it was (nothing is deleted)"),
    reason: z.string().describe("why it did not decode"),
    quarantinedAt: z.string(),
  })
  .openapi("QuarantinedRecord");
