import { type CanonicalRecord, emptyCanonical } from "../../contracts/record.ts";
import type { TranslationWarning } from "../../contracts/translation.ts";
import type { MapWarning } from "../../record-formats/field-map.ts";
import type { SchemeFormat } from "./formats.ts";
import * as say from "./messages.ts";

/**
 * Applying a scheme's field maps, native → canonical and canonical → native, and the shaping of the canonical record
 * in between (what carries into another scheme, one record per model). The maps themselves are the catalog's
 * (generated code or the interpreter, chosen by the format registry); this module decides what goes in and what
 * comes out of them.
 */

/** The canonical record as mapped into another scheme: its level may be unknown there. */
export type Projected = Omit<CanonicalRecord, "level"> & { level: string | null };

/**
 * A valid native record through its scheme's toCanonical map: the canonical fields (not yet checked as a record) and
 * a warning for each value the map could not convert.
 */
export function mapToCanonical(
  source: SchemeFormat,
  record: Record<string, unknown>,
): { output: Record<string, unknown>; warnings: TranslationWarning[] } {
  const mapped = source.toCanonical(record, emptyCanonical(source.scheme.id));
  const warnings = mapped.warnings.map((w): TranslationWarning => {
    const field = `canonical${w.field.replace(/\//g, ".")}`;
    return { field, code: "not-convertible", message: say.notConvertible(field, { en: w.message, ja: w.ja }) };
  });
  return { output: mapped.output, warnings };
}

/**
 * A (projected) canonical record through the target's fromCanonical map. Across schemes, the target's grant and
 * declaration fields are left out whatever the map produced (`withheld` names them) — even where a rule in force says
 * the source label stands for them: the rule makes them unnecessary, it does not make the source's dates or names the
 * target's. A same-scheme round trip restores the fields no canonical field carries from the native original.
 */
export function mapFromCanonical(
  target: SchemeFormat,
  canonical: Projected,
  context: { same: boolean; nativeOriginal: Record<string, unknown> | undefined },
): { output: Record<string, unknown>; withheld: ReadonlySet<string>; failed: MapWarning[] } {
  const { output: mapped, warnings: failed } = target.fromCanonical(canonical, {});
  const withheld = new Set<string>();
  let output = mapped;
  if (!context.same) {
    output = {};
    for (const field of target.fields) {
      if (field.setBy !== "product") withheld.add(field.name);
    }
    // A copy without them, in the map's order (deleting keys would leave a slow dictionary-mode object).
    for (const [key, value] of Object.entries(mapped)) if (!withheld.has(key)) output[key] = value;
  }
  if (context.nativeOriginal) {
    for (const loss of target.map.losses.fromCanonical) {
      const value = context.nativeOriginal[loss.field];
      if (value !== undefined) output[loss.field] = value;
    }
  }
  return { output, withheld, failed };
}

/**
 * The canonical record as another scheme's format may use it. Registration ids, levels, versions and the issuer are
 * each scheme's own: none carries into another's format. (The target's grant and declaration fields are removed after
 * mapping as well, whatever canonical path their rules read.)
 */
export function projectFor(canonical: CanonicalRecord): Projected {
  return {
    ...canonical,
    registrationId: null,
    level: null,
    schemeVersion: null,
    issuer: { name: null, assessor: null, assessmentMode: null },
  };
}

/** One canonical record per model where the target holds one model per record; otherwise the record as it is. */
export function perRecord(
  canonical: Projected,
  target: Pick<SchemeFormat, "map">,
): { model: string | null; canonical: Projected }[] {
  if (target.map.oneRecordPer !== "model") return [{ model: null, canonical }];
  const models = canonical.product.models;
  if (models.length <= 1) return [{ model: models[0] ?? null, canonical }];
  return models.map((model) => ({
    model,
    canonical: { ...canonical, product: { ...canonical.product, models: [model] } },
  }));
}
