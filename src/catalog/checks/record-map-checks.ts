import { emptyCanonical } from "../../contracts/record.ts";
import type { FieldRule } from "../../contracts/record-map.ts";
import { applyRules, type CompiledRule, compileRules } from "../../record-formats/field-map.ts";
import { UnsafePathError } from "../../record-formats/jsonpath.ts";
import type { SourceFile } from "../source-file.ts";
import { type CheckContext, checkFileName } from "./check-context.ts";

/**
 * Record maps: one per scheme with a declared native format; every JSONPath safe; every target real (a canonical
 * field, or a declared native field); every native field either mapped or declared lost in each direction; and every
 * path run against the scheme's sample record — a path that selects nothing there is an error, not a silent gap.
 */
export function checkRecordMaps(ctx: CheckContext): void {
  const seen = new Set<string>();
  for (const { file, data: map } of ctx.files.recordMaps) {
    checkFileName(ctx, file, map.id);
    if (map.id !== map.scheme) ctx.report(file, ["scheme"], `a record map is named after its scheme: "${map.id}"`);
    if (seen.has(map.scheme)) ctx.report(file, ["scheme"], `a second record map for ${map.scheme}`);
    seen.add(map.scheme);
    const format = ctx.schemes.get(map.scheme)?.data.recordFormat;
    if (!format) {
      ctx.report(file, ["scheme"], `scheme "${map.scheme}" is unknown or declares no recordFormat`);
      continue;
    }
    const declared = new Set(format.fields.map((f) => f.name));
    const toCanonical = compileSafely(ctx, file, "toCanonical", map.toCanonical);
    const fromCanonical = compileSafely(ctx, file, "fromCanonical", map.fromCanonical);
    if (!toCanonical || !fromCanonical) continue;

    const skeleton = emptyCanonical(map.scheme);
    map.toCanonical.forEach((rule, i) => {
      if (!rule.to.startsWith("/") || !existsAt(skeleton, rule.to)) {
        ctx.report(file, ["toCanonical", i, "to"], `"${rule.to}" is not a field of the canonical record`);
      }
    });
    map.fromCanonical.forEach((rule, i) => {
      if (!declared.has(rule.to))
        ctx.report(file, ["fromCanonical", i, "to"], `"${rule.to}" is not a declared ${map.scheme} field`);
    });

    // A list narrowed to its first element would drop the rest without a word: one record per model, or a loss.
    map.fromCanonical.forEach((rule, i) => {
      const firstOnly = rule.transform.some((step) => "first" in step);
      const lost = map.losses.fromCanonical.some((l) => l.field === rule.to);
      if (firstOnly && rule.from === "$.product.models" && map.oneRecordPer !== "model" && !lost) {
        ctx.report(
          file,
          ["fromCanonical", i, "transform"],
          `keeps the first model only: declare oneRecordPer: model, or declare the loss of "${rule.to}"`,
        );
      }
    });

    // Completeness: each native field is read (or declared lost) going in, and written (or declared lost) going out.
    const read = new Set(map.toCanonical.flatMap((rule) => fieldsRead(rule)));
    const lostIn = new Set(map.losses.toCanonical.map((l) => l.field));
    const written = new Set(map.fromCanonical.map((rule) => rule.to));
    const lostOut = new Set(map.losses.fromCanonical.map((l) => l.field));
    for (const field of declared) {
      if (!read.has(field) && !lostIn.has(field)) {
        ctx.report(
          file,
          ["losses", "toCanonical"],
          `native field "${field}" is neither mapped to canonical nor declared lost`,
        );
      }
      if (!written.has(field) && !lostOut.has(field)) {
        ctx.report(
          file,
          ["losses", "fromCanonical"],
          `native field "${field}" is neither produced from canonical nor declared lost`,
        );
      }
    }

    // Every path against the sample: native → canonical, then that canonical → native.
    const inbound = applyRules(toCanonical, format.sample, emptyCanonical(map.scheme));
    reportSampleGaps(ctx, file, "toCanonical", map.toCanonical, inbound);
    const outbound = applyRules(fromCanonical, inbound.output, {});
    reportSampleGaps(ctx, file, "fromCanonical", map.fromCanonical, outbound);
  }
}

function compileSafely(
  ctx: CheckContext,
  file: SourceFile,
  side: string,
  rules: readonly FieldRule[],
): CompiledRule[] | undefined {
  let ok = true;
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, i) => {
    try {
      compiled.push(...compileRules([rule]));
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      ok = false;
      ctx.report(file, [side, i, rule.from !== undefined ? "from" : "template"], error.message);
    }
  });
  return ok ? compiled : undefined;
}

function reportSampleGaps(
  ctx: CheckContext,
  file: SourceFile,
  side: "toCanonical" | "fromCanonical",
  rules: readonly FieldRule[],
  result: ReturnType<typeof applyRules>,
): void {
  rules.forEach((rule, i) => {
    const warning = result.warnings.find((w) => w.rule === i);
    if (warning) ctx.report(file, [side, i], `fails on the sample record: ${warning.message}`);
    else if (result.emptyRules.includes(i) && !rule.optional) {
      const what = side === "toCanonical" ? "the scheme's sample record" : "the canonical record made from the sample";
      ctx.report(file, [side, i, rule.from !== undefined ? "from" : "template"], `selects nothing in ${what}`);
    }
  });
}

/** Native fields a rule reads: its plain `$.field` path or the `{$.field}` placeholders of its template. */
function fieldsRead(rule: FieldRule): string[] {
  const text = rule.from ?? rule.template ?? "";
  return [...text.matchAll(/\$\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? "");
}

function existsAt(target: unknown, pointer: string): boolean {
  let node: unknown = target;
  for (const segment of pointer.slice(1).split("/")) {
    if (node === null || typeof node !== "object" || !(segment in node)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}
