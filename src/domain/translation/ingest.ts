import type { CompiledScheme } from "../../catalog/model.ts";
import { isRealDate } from "../../contracts/common.ts";
import type { CanonicalRecord } from "../../contracts/record.ts";
import type { TranslationWarning } from "../../contracts/translation.ts";
import { InvalidRecordError } from "./errors.ts";
import type { FormatRegistry, SchemeFormat } from "./formats.ts";
import { mapToCanonical } from "./mapping.ts";
import * as say from "./messages.ts";
import { checkMapped, readCanonical, validateNative } from "./record-validation.ts";

/** A record taken in: its canonical form, its level in the source scheme, and what the mapping could not convert. */
export interface Ingested {
  canonical: CanonicalRecord;
  level: CompiledScheme["levels"][number];
  warnings: TranslationWarning[];
}

/**
 * A native (or canonical) record of the source scheme as its canonical record, validated: the first half of every
 * translation and all of what the record store keeps. Throws InvalidRecordError listing every bad field. The level
 * must be one of the source scheme's; how it is assessed is a catalog fact, filled in where the record does not say.
 */
export function ingest(
  formats: FormatRegistry,
  source: SchemeFormat,
  input: { format: "native" | "canonical"; record: Record<string, unknown> },
): Ingested {
  const warnings: TranslationWarning[] = [];
  let canonical: CanonicalRecord;
  if (input.format === "canonical") {
    canonical = readCanonical(formats.parseCanonical, input.record, source.scheme.id);
  } else {
    const valid = validateNative(source, input.record);
    const mapped = mapToCanonical(source, valid);
    warnings.push(...mapped.warnings);
    canonical = checkMapped(formats.parseCanonical, mapped.output, source, input.record);
  }
  const scheme = source.scheme.id;
  const level = source.scheme.levels.find((l) => l.id === canonical.level);
  if (!level) {
    throw new InvalidRecordError(`level "${canonical.level}" is not a level of ${scheme}`, [
      { pointer: "/record", detail: `maps to level "${canonical.level}", which ${scheme} does not have` },
    ]);
  }
  // How the level is assessed is a catalog fact, not something each record must repeat; a stored record and its
  // translation state the same assessment mode.
  canonical.issuer.assessmentMode ??= level.assurance.mode;
  return { canonical, level, warnings };
}

const absoluteDate = /\b(\d{4}-\d{2}-\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/;

/**
 * A support period written as text (PSTI statements) becomes an end date where the text holds one ("until
 * 30.5.2030"); a relative period ("5 years after GA") cannot be dated without the GA date and is flagged. Applied to
 * a translation's canonical record (the record store keeps the record as it was mapped).
 */
export function normaliseSupportPeriod(canonical: CanonicalRecord, warnings: TranslationWarning[]): void {
  const text = canonical.dates.supportPeriodText;
  if (!text || canonical.dates.supportPeriodEnd) return;
  const found = absoluteDate.exec(text);
  const iso =
    found?.[1] ?? (found ? `${found[4]}-${found[3]?.padStart(2, "0")}-${found[2]?.padStart(2, "0")}` : undefined);
  if (iso && isRealDate(iso)) {
    canonical.dates.supportPeriodEnd = iso;
    return;
  }
  warnings.push({
    field: "canonical.dates.supportPeriodEnd",
    code: "support-period-relative",
    message: say.relativeSupportPeriod(text),
  });
}
