import { type CanonicalRecord, recordStatuses, requirementResultValues } from "../schemas/record.ts";
import { assuranceModes } from "../schemas/scheme.ts";
import {
  anyRecord,
  array,
  type Check,
  type CheckResult,
  type Field,
  nullable,
  object,
  oneOf,
  oneOfOrNull,
  runCheck,
  type StringStep,
  string,
} from "./checks.ts";
import { isoDateSteps } from "./record-check.ts";

/**
 * `CanonicalRecord.safeParse` (src/schemas/record.ts) without zod, for the translator's hot path: the same issues,
 * and for a valid record the same data (unknown keys stripped, `.default([])` lists filled, the native record
 * copied). The zod schema stays the reference and the documented contract; a test holds the two equal, so a change
 * to the schema that is not made here too fails it.
 */
export function checkCanonicalRecord(record: unknown): CheckResult<CanonicalRecord> {
  return runCheck(canonicalRecord, record);
}

const text = string([]);
const nonEmpty = string([{ kind: "min", bound: 1 }]);
const slugSteps: readonly StringStep[] = [
  {
    kind: "regex",
    pattern: /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/,
    message: "must be letters, digits and single hyphens (e.g. jc-star, STAR-1)",
  },
  { kind: "max", bound: 64 },
];
const slug = string(slugSteps);
const isoDate = nullable(string(isoDateSteps));
const url = string([{ kind: "url", http: false }]);

const required = (key: string, check: Check): Field => ({ key, check, presence: "required" });
const optional = (key: string, check: Check): Field => ({ key, check, presence: "optional" });
const list = (key: string, check: Check): Field => ({ key, check: array(check), presence: "default", fill: () => [] });

const requirementResult = object(
  [
    required("requirement", nonEmpty),
    required("result", oneOf(requirementResultValues)),
    list("evidence", object([optional("description", nonEmpty), optional("url", url)], "strip")),
  ],
  "strip",
);

const canonicalRecord = object(
  [
    required("scheme", slug),
    required("schemeVersion", nullable(text)),
    required("level", nonEmpty),
    required("registrationId", nullable(text)),
    required("status", oneOf(recordStatuses)),
    required(
      "issuer",
      object(
        [
          required("name", nullable(text)),
          required("assessor", nullable(text)),
          required("assessmentMode", oneOfOrNull(assuranceModes)),
        ],
        "strip",
      ),
    ),
    required(
      "holder",
      object(
        [
          required("name", nonEmpty),
          required("address", nullable(text)),
          list("identifiers", object([required("type", nonEmpty), required("value", nonEmpty)], "strip")),
        ],
        "strip",
      ),
    ),
    required(
      "product",
      object(
        [
          required("name", nonEmpty),
          required("type", nullable(text)),
          list("models", nonEmpty),
          required("hardwareVersion", nullable(text)),
          required("softwareVersion", nullable(text)),
          required("category", nullable(slug)),
        ],
        "strip",
      ),
    ),
    required(
      "dates",
      object(
        [
          required("issued", isoDate),
          required("validUntil", isoDate),
          required("supportPeriodEnd", isoDate),
          required("supportPeriodText", nullable(text)),
        ],
        "strip",
      ),
    ),
    required(
      "urls",
      object(
        [
          required("registry", nullable(url)),
          required("document", nullable(url)),
          required("supportContact", nullable(url)),
        ],
        "strip",
      ),
    ),
    list("requirementResults", requirementResult),
    required("native", nullable(object([required("scheme", slug), required("record", anyRecord)], "strip"))),
  ],
  "strip",
);
