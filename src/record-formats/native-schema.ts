import { z } from "zod";
import { IsoDate } from "../contracts/common.ts";
import type { RecordFieldFile } from "../contracts/scheme.ts";

/**
 * The zod schema of a scheme's native record, built from its declaration in `schemes/<id>.yaml` (recordFormat). The
 * declaration is the contract: a record with an unknown field, a missing required field or a value of the wrong type
 * is rejected with one issue per bad field. The build compiles it to an accept-only check (scripts/codegen/record-checks.ts) that the
 * translator runs first; this schema stays the reference and answers every record that check does not accept.
 */
export function nativeRecordSchema(fields: readonly RecordFieldFile[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const type = fieldSchema(field);
    shape[field.name] = field.required ? type : type.optional();
  }
  return z.strictObject(shape);
}

function fieldSchema(field: RecordFieldFile): z.ZodType {
  switch (field.type) {
    case "string": {
      const base = z.string().trim().min(1, "must not be empty").max(500);
      return field.pattern ? base.regex(new RegExp(field.pattern), `must match ${field.pattern}`) : base;
    }
    case "text":
      return z.string().trim().min(1, "must not be empty").max(20_000);
    case "date":
      return IsoDate;
    case "url":
      return z.url({ protocol: /^https?$/ }).max(2000);
    case "integer":
      return z.number().int();
    case "boolean":
      return z.boolean();
    case "string[]":
      return z.array(z.string().trim().min(1).max(500)).min(1).max(5000);
    case "enum":
      return z.enum(field.values as [string, ...string[]]);
  }
}
