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

// Every field object has the same four properties, so reading them stays monomorphic.
const required = (key: string, check: Check): Field => ({ key, check, presence: "required", fill: undefined });
const optional = (key: string, check: Check): Field => ({ key, check, presence: "optional", fill: undefined });
const list = (key: string, check: Check): Field => ({ key, check: array(check), presence: "default", fill: () => [] });

// Each object's `build` writes its keys as a literal, in the schema's order (see `object`); the test compares the
// output with zod's, key order included, so a key built wrongly fails it.

const requirementResult = object(
  [
    required("requirement", nonEmpty),
    required("result", oneOf(requirementResultValues)),
    list(
      "evidence",
      object([optional("description", nonEmpty), optional("url", url)], "strip", (v) => ({
        description: v[0],
        url: v[1],
      })),
    ),
  ],
  "strip",
  (v) => ({ requirement: v[0], result: v[1], evidence: v[2] }),
);

const issuer = object(
  [
    required("name", nullable(text)),
    required("assessor", nullable(text)),
    required("assessmentMode", oneOfOrNull(assuranceModes)),
  ],
  "strip",
  (v) => ({ name: v[0], assessor: v[1], assessmentMode: v[2] }),
);

const holder = object(
  [
    required("name", nonEmpty),
    required("address", nullable(text)),
    list(
      "identifiers",
      object([required("type", nonEmpty), required("value", nonEmpty)], "strip", (v) => ({ type: v[0], value: v[1] })),
    ),
  ],
  "strip",
  (v) => ({ name: v[0], address: v[1], identifiers: v[2] }),
);

const product = object(
  [
    required("name", nonEmpty),
    required("type", nullable(text)),
    list("models", nonEmpty),
    required("hardwareVersion", nullable(text)),
    required("softwareVersion", nullable(text)),
    required("category", nullable(slug)),
  ],
  "strip",
  (v) => ({
    name: v[0],
    type: v[1],
    models: v[2],
    hardwareVersion: v[3],
    softwareVersion: v[4],
    category: v[5],
  }),
);

const dates = object(
  [
    required("issued", isoDate),
    required("validUntil", isoDate),
    required("supportPeriodEnd", isoDate),
    required("supportPeriodText", nullable(text)),
  ],
  "strip",
  (v) => ({ issued: v[0], validUntil: v[1], supportPeriodEnd: v[2], supportPeriodText: v[3] }),
);

const urls = object(
  [required("registry", nullable(url)), required("document", nullable(url)), required("supportContact", nullable(url))],
  "strip",
  (v) => ({ registry: v[0], document: v[1], supportContact: v[2] }),
);

const native = object([required("scheme", slug), required("record", anyRecord)], "strip", (v) => ({
  scheme: v[0],
  record: v[1],
}));

const canonicalRecord = object(
  [
    required("scheme", slug),
    required("schemeVersion", nullable(text)),
    required("level", nonEmpty),
    required("registrationId", nullable(text)),
    required("status", oneOf(recordStatuses)),
    required("issuer", issuer),
    required("holder", holder),
    required("product", product),
    required("dates", dates),
    required("urls", urls),
    list("requirementResults", requirementResult),
    required("native", nullable(native)),
  ],
  "strip",
  (v) => ({
    scheme: v[0],
    schemeVersion: v[1],
    level: v[2],
    registrationId: v[3],
    status: v[4],
    issuer: v[5],
    holder: v[6],
    product: v[7],
    dates: v[8],
    urls: v[9],
    requirementResults: v[10],
    native: v[11],
  }),
);
