import { type CanonicalRecord, recordStatuses, requirementResultValues } from "../schemas/record.ts";
import { assuranceModes } from "../schemas/scheme.ts";
import {
  anyRecord,
  array,
  type Check,
  CheckContext,
  type CheckResult,
  type Field,
  isRealDay,
  nullable,
  object,
  oneOf,
  oneOfOrNull,
  plainHttpUrl,
  runCheck,
  type StringStep,
  string,
} from "./checks.ts";
import { isoDateSteps } from "./record-check.ts";

/**
 * `CanonicalRecord.safeParse` (src/schemas/record.ts) without zod, for the translator's hot path: the same issues,
 * and for a valid record the same data (unknown keys stripped, `.default([])` lists filled, the native record
 * copied). A valid record is read by hand (acceptCanonical); anything else runs the full check, declared below as
 * the schema is. The zod schema stays the reference and the documented contract; a test holds the two equal, so a
 * change to the schema that is not made here too fails it.
 */
export function checkCanonicalRecord(record: unknown): CheckResult<CanonicalRecord> {
  const accepted = acceptCanonical(record);
  return accepted ? { success: true, data: accepted } : runCheck(canonicalRecord, record);
}

const text = string([]);
const nonEmpty = string([{ kind: "min", bound: 1 }]);
const slugPattern = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const slugSteps: readonly StringStep[] = [
  {
    kind: "regex",
    pattern: slugPattern,
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

// ---- the short way: a valid record read by hand ----

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string | null => v === null || typeof v === "string";
// z.string().min(1): one UTF-16 unit or more is one code point or more.
const isNonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;
// The pattern admits ASCII only, so units are code points for the max(64).
const isSlug = (v: unknown): v is string => typeof v === "string" && slugPattern.test(v) && v.length <= 64;
const isDate = (v: unknown): v is string | null => v === null || (typeof v === "string" && isRealDay(v));
// A plain http(s) URL has nothing to trim or strip: the output is the value itself.
const isUrl = (v: unknown): v is string | null => v === null || (typeof v === "string" && plainHttpUrl(v));
const statuses = new Set<unknown>(recordStatuses);
const modes = new Set<unknown>([...assuranceModes, null]);

/** `z.array(z.string().min(1)).default([])` on a list every check accepts: a copy (zod's output is a new list). */
function nonEmptyList(v: unknown): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  for (let i = 0; i < v.length; i++) if (!isNonEmpty(v[i])) return undefined;
  return v.slice();
}

function identifierList(v: unknown): { type: string; value: string }[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  const out: { type: string; value: string }[] = [];
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (!isObject(item)) return undefined;
    const { type, value } = item;
    if (!isNonEmpty(type) || !isNonEmpty(value)) return undefined;
    out.push({ type, value });
  }
  return out;
}

/**
 * The output of `CanonicalRecord.safeParse` for a record every check accepts, read key by key by name, which V8
 * specialises as it does zod's generated code (a lookup by a key held in a variable costs tens of ns on the hot path);
 * undefined for anything it cannot vouch for — an invalid value, a URL that needs the URL parser, requirement
 * results (no native format maps any) — which the full check then reports on. Each value is read once, as zod does.
 */
function acceptCanonical(record: unknown): CanonicalRecord | undefined {
  if (!isObject(record)) return undefined;
  const { scheme, schemeVersion, level, registrationId, status, issuer, holder, product, dates, urls } = record;
  const { requirementResults, native } = record;
  if (!isSlug(scheme) || !isText(schemeVersion) || !isNonEmpty(level) || !isText(registrationId)) return undefined;
  if (!statuses.has(status) || !isObject(issuer) || !isObject(holder) || !isObject(product)) return undefined;
  if (!isObject(dates) || !isObject(urls)) return undefined;
  if (requirementResults !== undefined && !(Array.isArray(requirementResults) && requirementResults.length === 0)) {
    return undefined;
  }

  const { name: issuerName, assessor, assessmentMode } = issuer;
  if (!isText(issuerName) || !isText(assessor) || !modes.has(assessmentMode)) return undefined;

  const { name: holderName, address } = holder;
  const identifiers = identifierList(holder.identifiers);
  if (!isNonEmpty(holderName) || !isText(address) || !identifiers) return undefined;

  const { name: productName, type, hardwareVersion, softwareVersion, category } = product;
  const models = nonEmptyList(product.models);
  if (!isNonEmpty(productName) || !isText(type) || !models || !isText(hardwareVersion)) return undefined;
  if (!isText(softwareVersion) || !(category === null || isSlug(category))) return undefined;

  const { issued, validUntil, supportPeriodEnd, supportPeriodText } = dates;
  if (!isDate(issued) || !isDate(validUntil) || !isDate(supportPeriodEnd) || !isText(supportPeriodText))
    return undefined;

  const { registry, document, supportContact } = urls;
  if (!isUrl(registry) || !isUrl(document) || !isUrl(supportContact)) return undefined;

  let nativeOut: CanonicalRecord["native"] = null;
  if (native !== null) {
    if (!isObject(native) || !isSlug(native.scheme)) return undefined;
    const ctx = new CheckContext();
    const copy = anyRecord(native.record, ctx);
    if (ctx.issues.length > 0) return undefined;
    nativeOut = { scheme: native.scheme, record: copy as Record<string, unknown> };
  }

  return {
    scheme,
    schemeVersion,
    level,
    registrationId,
    status: status as CanonicalRecord["status"],
    issuer: {
      name: issuerName,
      assessor,
      assessmentMode: assessmentMode as CanonicalRecord["issuer"]["assessmentMode"],
    },
    holder: { name: holderName, address, identifiers },
    product: { name: productName, type, models, hardwareVersion, softwareVersion, category },
    dates: { issued, validUntil, supportPeriodEnd, supportPeriodText },
    urls: { registry, document, supportContact },
    requirementResults: [],
    native: nativeOut,
  };
}
