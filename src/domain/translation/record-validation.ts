import type { CanonicalRecord } from "../../contracts/record.ts";
import type { TranslationWarning } from "../../contracts/translation.ts";
import type { RecordParse } from "../../record-formats/record-parse.ts";
import { InvalidRecordError } from "./errors.ts";
import type { SchemeFormat } from "./formats.ts";

/**
 * Every check of a record against a format, and what a failed one says: a record coming in (native against its
 * declared format, canonical against the canonical record) is refused with one pointer per bad field, as the API's 422
 * answers name them; a record going out (the target format's) is never refused, its issues become warnings.
 */

type ParseCanonical = (record: unknown) => RecordParse<CanonicalRecord>;

/** A record sent in canonical form: valid, and of the scheme it claims to be from. */
export function readCanonical(parse: ParseCanonical, record: Record<string, unknown>, from: string): CanonicalRecord {
  const parsed = parse(record);
  if (!parsed.success) {
    throw new InvalidRecordError(
      "the canonical record is invalid",
      parsed.error.issues.map((issue) => ({
        pointer: `/record/${issue.path.join("/")}`,
        detail: issue.message,
      })),
    );
  }
  if (parsed.data.scheme !== from) {
    throw new InvalidRecordError(`the record is of scheme ${parsed.data.scheme}, not ${from}`, [
      { pointer: "/record/scheme", detail: `must be ${from}` },
    ]);
  }
  return parsed.data;
}

/**
 * A native record, valid against its scheme's declared format: zod's data (defaults applied, strings trimmed). A
 * field the format does not have is pointed at by name, so a client sees which key to remove.
 */
export function validateNative(source: SchemeFormat, record: Record<string, unknown>): Record<string, unknown> {
  const valid = source.validate(record);
  if (valid.success) return valid.data;
  throw new InvalidRecordError(
    `the record is not a valid ${source.scheme.id} ${source.scheme.recordFormat?.name ?? "record"}`,
    valid.error.issues.map((issue) => ({
      pointer: `/${["record", ...issue.path.map(String), ...(issue.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : [])].join("/")}`,
      detail:
        issue.code === "unrecognized_keys" ? `not a field of this format: ${issue.keys.join(", ")}` : issue.message,
    })),
  );
}

/**
 * The canonical record a native record mapped to, valid as a certification record. The native record is valid by
 * now, so what is missing is the format's, not the client's typing: every issue points at the record as a whole.
 */
export function checkMapped(
  parse: ParseCanonical,
  mapped: Record<string, unknown>,
  source: SchemeFormat,
  record: Record<string, unknown>,
): CanonicalRecord {
  const parsed = parse({
    ...mapped,
    scheme: source.scheme.id,
    native: { scheme: source.scheme.id, record },
  });
  if (parsed.success) return parsed.data;
  throw new InvalidRecordError(
    "the record lacks what a certification record needs",
    parsed.error.issues.map((issue) => ({
      pointer: `/record`,
      detail: `canonical ${issue.path.join(".")}: ${issue.message}`,
    })),
  );
}

/**
 * A target record against its format, and the warnings its issues become (a missing field with who supplies it, an
 * invalid value with why). Across schemes the grant and declaration fields are absent by design: the product fields
 * are checked, and the record is complete only if the format requires none of the others (a required one is explained
 * in unmapped).
 */
export function checkTarget(
  target: SchemeFormat,
  output: Record<string, unknown>,
  same: boolean,
): { recordValid: boolean; warnings: TranslationWarning[] } {
  const check = same ? target.validate(output) : target.validateProductFields(output);
  const recordValid = check.success && (same || !target.requiresGrantOrDeclaration);
  if (check.success) return { recordValid, warnings: [] };
  const warnings = check.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "");
    const field = target.fields.find((f) => f.name === name);
    return output[name] === undefined
      ? target.warnings.requiredMissing(name, field?.setBy ?? "product")
      : target.warnings.invalidValue(name, issue.code ?? "");
  });
  return { recordValid, warnings };
}
