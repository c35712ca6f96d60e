import type { RecordFieldFile } from "../schemas/scheme.ts";
import {
  array,
  boolean,
  type Check,
  type CheckResult,
  type Field,
  integer,
  isRealDay,
  object,
  oneOf,
  runCheck,
  type StringStep,
  string,
} from "./checks.ts";

/** A native record's check: zod's `safeParse` result, without zod. */
export type RecordCheck = (record: unknown) => CheckResult<Record<string, unknown>>;

/**
 * The check of a scheme's native record built once from its declaration, with exactly the semantics of
 * `nativeRecordSchema(fields)` (src/records/native-schema.ts), which stays the reference and is what the catalog
 * checks use: the translator runs this one on every request, where zod's cost shows.
 */
export function nativeRecordCheck(fields: readonly RecordFieldFile[]): RecordCheck {
  const shape: Field[] = fields.map((field) => ({
    key: field.name,
    check: fieldCheck(field),
    presence: field.required ? "required" : "optional",
    fill: undefined,
  }));
  const check = object(shape, "strict");
  return (record) => runCheck(check, record);
}

const notEmpty = "must not be empty";

/** IsoDate (src/schemas/common.ts): the pattern (stopping there when it fails), then a real calendar day (isRealDate's
 * answer, read faster). */
export const isoDateSteps: readonly StringStep[] = [
  { kind: "regex", pattern: /^\d{4}-\d{2}-\d{2}$/, message: "must be a date written YYYY-MM-DD", abort: true },
  { kind: "refine", test: isRealDay, message: "must be a real calendar date" },
];

/** One field's check, step for step as `fieldSchema` in native-schema.ts builds its zod schema. */
function fieldCheck(field: RecordFieldFile): Check {
  switch (field.type) {
    case "string": {
      const steps: StringStep[] = [
        { kind: "trim" },
        { kind: "min", bound: 1, message: notEmpty },
        { kind: "max", bound: 500 },
      ];
      if (field.pattern) {
        steps.push({ kind: "regex", pattern: new RegExp(field.pattern), message: `must match ${field.pattern}` });
      }
      return string(steps);
    }
    case "text":
      return string([{ kind: "trim" }, { kind: "min", bound: 1, message: notEmpty }, { kind: "max", bound: 20_000 }]);
    case "date":
      return string(isoDateSteps);
    case "url":
      return string([
        { kind: "url", http: true },
        { kind: "max", bound: 2000 },
      ]);
    case "integer":
      return integer;
    case "boolean":
      return boolean;
    case "string[]":
      return array(string([{ kind: "trim" }, { kind: "min", bound: 1 }, { kind: "max", bound: 500 }]), {
        min: 1,
        max: 5000,
      });
    case "enum":
      return oneOf(field.values ?? []);
  }
}
