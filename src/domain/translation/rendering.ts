import type { TranslationWarning } from "../../contracts/translation.ts";
import type { SchemeFormat } from "./formats.ts";
import { mapFromCanonical, type Projected } from "./mapping.ts";
import * as say from "./messages.ts";
import { checkTarget } from "./record-validation.ts";

/** One target record of a translation: the model it is for (one record per model), the record, whether it is complete. */
export interface RenderedRecord {
  model: string | null;
  record: Record<string, unknown>;
  recordValid: boolean;
}

/**
 * One target record from a (projected) canonical record: mapped (mapping.ts), checked against the target format
 * (record-validation.ts), and every problem added to the translation's warnings once — a translation split per model
 * renders several records whose problems are mostly the same, and the client needs each said once. A value the map
 * could not convert into a withheld field is not warned about: the field is left out anyway (unmapped says why).
 */
export function render(
  target: SchemeFormat,
  variant: { model: string | null; canonical: Projected },
  context: {
    same: boolean;
    nativeOriginal: Record<string, unknown> | undefined;
    warnings: TranslationWarning[];
  },
): RenderedRecord {
  const { output, withheld, failed } = mapFromCanonical(target, variant.canonical, context);
  const seen = new Set(context.warnings.map((w) => `${w.code} ${w.field}`));
  const warn = (warning: TranslationWarning) => {
    const key = `${warning.code} ${warning.field}`;
    if (seen.has(key)) return;
    seen.add(key);
    context.warnings.push(warning);
  };
  for (const w of failed) {
    if (withheld.has(w.field)) continue;
    warn({
      field: `record.${w.field}`,
      code: "not-convertible",
      message: say.notConvertible(w.field, { en: w.message, ja: w.ja }),
    });
  }
  const check = checkTarget(target, output, context.same);
  for (const warning of check.warnings) warn(warning);
  return { model: variant.model, record: output, recordValid: check.recordValid };
}
