import type { z } from "zod";

/** A generated accept-only check (scripts/codegen/record-checks.ts): the data zod's parse would give, or undefined ("ask zod"). */
export type AcceptCheck<T = unknown> = (value: unknown) => T | undefined;

/** What generated/record-checks.js makes: the canonical record's check and each record format's. */
export interface GeneratedRecordChecks {
  canonical: AcceptCheck;
  formats: Record<string, { all: AcceptCheck; product: AcceptCheck }>;
}

/** The runtime pieces the generated checks call: the refinements zod was given, and the plain-URL test. */
export interface RecordCheckHelpers {
  isRealDate: (value: string) => boolean;
  plainHttpUrl: (value: string) => boolean;
}

/** The generated checks with the catalog they were made from (its formats' checks apply to that catalog only). */
export interface CompiledRecordChecks extends GeneratedRecordChecks {
  digest: string;
}

/** zod's `safeParse` answer: its data, or its error with every issue. */
export type RecordParse<T> = z.ZodSafeParseResult<T>;

/**
 * `schema.safeParse`, with the generated check tried first: when it accepts, its data (which equals zod's); when it
 * does not — an invalid record, or one it cannot vouch for — zod parses it and writes every error.
 */
export function parseWith<T>(schema: z.ZodType<T>, accept?: AcceptCheck): (value: unknown) => RecordParse<T> {
  if (!accept) return (value) => schema.safeParse(value);
  return (value) => {
    const data = accept(value);
    return data !== undefined ? { success: true, data: data as T } : schema.safeParse(value);
  };
}
