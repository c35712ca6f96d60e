import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledScheme, RecordMap } from "../../catalog/model.ts";
import { applyRules, type CompiledRule, compileRules, inputsRead } from "../../records/field-map.ts";
import { nativeRecordSchema } from "../../records/native-schema.ts";
import { isRealDate } from "../../schemas/common.ts";
import type { EquivalenceAnswer } from "../../schemas/equivalence.ts";
import { CanonicalRecord, emptyCanonical } from "../../schemas/record.ts";
import type { TranslationResult } from "../../schemas/translation.ts";
import { CrosswalkGraph } from "../equivalence/crosswalk-graph.ts";
import type { EquivalenceEngine } from "../equivalence/engine.ts";
import { deriveVerdict } from "../equivalence/verdict.ts";
import { translateResults } from "./results.ts";

/** A record the translator cannot accept: every bad field, by JSON pointer into the request. */
export class InvalidRecordError extends Error {
  constructor(
    message: string,
    readonly errors: { pointer: string; detail: string }[],
  ) {
    super(message);
  }
}

/** A pair of schemes the catalog has no record map for. */
export class UnsupportedPairError extends Error {
  constructor(
    message: string,
    readonly supported: string[],
  ) {
    super(message);
  }
}

interface SchemeMaps {
  scheme: CompiledScheme;
  map: RecordMap;
  toCanonical: CompiledRule[];
  fromCanonical: CompiledRule[];
  validate: ReturnType<typeof nativeRecordSchema>;
}

/**
 * Record translation: native (or canonical) record of scheme A → canonical → native record of scheme B, with the
 * requirement results carried through the crosswalks and the recognition the record earns in B on a date. Maps are
 * compiled once per catalog. Pure apart from hashing the input (a port: the runtimes hash differently).
 */
export class Translator {
  private readonly maps = new Map<string, SchemeMaps>();
  private readonly graph: CrosswalkGraph;
  private readonly hub: string | undefined;

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly engine: EquivalenceEngine,
    private readonly sha256: (text: string) => Promise<string> | string,
  ) {
    this.graph = new CrosswalkGraph(catalog.catalog.crosswalks);
    this.hub = catalog.allSchemes().find((s) => s.role === "hub")?.id;
    for (const map of catalog.catalog.recordMaps) {
      const scheme = catalog.scheme(map.scheme);
      if (!scheme?.recordFormat) continue;
      this.maps.set(map.scheme, {
        scheme,
        map,
        toCanonical: compileRules(map.toCanonical),
        fromCanonical: compileRules(map.fromCanonical),
        validate: nativeRecordSchema(scheme.recordFormat.fields),
      });
    }
  }

  /** Schemes with a record map, i.e. those a record can be translated from and to. */
  supported(): string[] {
    return [...this.maps.keys()].sort();
  }

  async translate(input: {
    from: string;
    to: string;
    format: "native" | "canonical";
    record: Record<string, unknown>;
    asOf: string;
  }): Promise<TranslationResult> {
    const source = this.mapsFor(input.from);
    const target = this.mapsFor(input.to);
    const warnings: TranslationResult["warnings"] = [];
    const unmapped: TranslationResult["unmapped"] = [];

    const canonical =
      input.format === "canonical" ? this.readCanonical(input) : this.toCanonical(source, input.record, warnings);
    canonical.status = effectiveStatus(canonical, input.asOf);
    const level = source.scheme.levels.find((l) => l.id === canonical.level);
    if (!level) {
      throw new InvalidRecordError(`level "${canonical.level}" is not a level of ${input.from}`, [
        { pointer: "/record", detail: `maps to level "${canonical.level}", which ${input.from} does not have` },
      ]);
    }
    // How the level is assessed is a catalog fact, not something each record must repeat.
    canonical.issuer.assessmentMode ??= level.assurance.mode;
    normaliseSupportPeriod(canonical, warnings);

    const recognition = this.recognition(canonical, input);
    const nativeOut = applyRules(target.fromCanonical, projectFor(canonical, input.to, recognition), {});
    for (const w of nativeOut.warnings) warnings.push({ field: `record.${w.field}`, message: w.message });
    for (const loss of target.map.losses.fromCanonical) unmapped.push({ field: loss.field, reason: loss.note });
    const carried = new Set(target.map.fromCanonical.flatMap(inputsRead));
    for (const path of populatedLeaves(canonical)) {
      if (![...carried].some((read) => path === read || path.startsWith(`${read}.`))) {
        unmapped.push({ field: `canonical.${path}`, reason: `${input.to} records have no field for it` });
      }
    }
    for (const loss of source.map.losses.toCanonical)
      unmapped.push({ field: `${input.from}.${loss.field}`, reason: loss.note });
    const check = target.validate.safeParse(nativeOut.output);
    if (!check.success) {
      for (const issue of check.error.issues) {
        warnings.push({
          field: `record.${issue.path.join(".")}`,
          message: `target record incomplete: ${issue.message}`,
        });
      }
    }

    const targetRequirements = target.scheme.requirements.map((r) => r.id);
    return {
      from: input.from,
      to: input.to,
      asOf: input.asOf,
      status: recognition.verdict === "recognized" ? "recognized" : "provisional",
      record: nativeOut.output,
      recordValid: check.success,
      canonical,
      recognition,
      requirementResults: translateResults(
        this.graph,
        input.from,
        canonical.requirementResults,
        input.to,
        targetRequirements,
        this.hub,
      ),
      unmapped,
      warnings,
      derivation: {
        sourceDigest: await this.sha256(JSON.stringify(input.record)),
        catalogDigest: this.catalog.digest,
        fieldMaps: [`${input.from}:toCanonical`, `${input.to}:fromCanonical`],
        path: [input.from, "canonical", input.to],
      },
    };
  }

  /**
   * A native (or canonical) record of a scheme as its canonical record, validated — what the record store keeps.
   * Throws InvalidRecordError listing every bad field, UnsupportedPairError for a scheme with no record map.
   */
  canonicalize(scheme: string, format: "native" | "canonical", record: Record<string, unknown>): CanonicalRecord {
    const source = this.mapsFor(scheme);
    const warnings: TranslationResult["warnings"] = [];
    const canonical =
      format === "canonical"
        ? this.readCanonical({ from: scheme, record })
        : this.toCanonical(source, record, warnings);
    const level = source.scheme.levels.find((l) => l.id === canonical.level);
    if (!level) {
      throw new InvalidRecordError(`level "${canonical.level}" is not a level of ${scheme}`, [
        { pointer: "/record", detail: `maps to level "${canonical.level}", which ${scheme} does not have` },
      ]);
    }
    // As translate() does: a stored record and its translation state the same assessment mode.
    canonical.issuer.assessmentMode ??= level.assurance.mode;
    if (warnings.length > 0) {
      throw new InvalidRecordError(
        "the record could not be mapped whole",
        warnings.map((w) => ({ pointer: "/record", detail: `${w.field}: ${w.message}` })),
      );
    }
    return canonical;
  }

  private mapsFor(scheme: string): SchemeMaps {
    const maps = this.maps.get(scheme);
    if (!maps) throw new UnsupportedPairError(`no record map for ${scheme}`, this.supported());
    return maps;
  }

  private readCanonical(input: { from: string; record: Record<string, unknown> }) {
    const parsed = CanonicalRecord.safeParse(input.record);
    if (!parsed.success) {
      throw new InvalidRecordError(
        "the canonical record is invalid",
        parsed.error.issues.map((issue) => ({
          pointer: `/record/${issue.path.join("/")}`,
          detail: issue.message,
        })),
      );
    }
    if (parsed.data.scheme !== input.from) {
      throw new InvalidRecordError(`the record is of scheme ${parsed.data.scheme}, not ${input.from}`, [
        { pointer: "/record/scheme", detail: `must be ${input.from}` },
      ]);
    }
    return parsed.data;
  }

  private toCanonical(source: SchemeMaps, record: Record<string, unknown>, warnings: TranslationResult["warnings"]) {
    const valid = source.validate.safeParse(record);
    if (!valid.success) {
      throw new InvalidRecordError(
        `the record is not a valid ${source.scheme.id} ${source.scheme.recordFormat?.name ?? "record"}`,
        valid.error.issues.map((issue) => ({
          pointer: `/${["record", ...issue.path.map(String), ...(issue.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : [])].join("/")}`,
          detail:
            issue.code === "unrecognized_keys" ? `not a field of this format: ${issue.keys.join(", ")}` : issue.message,
        })),
      );
    }
    const mapped = applyRules(source.toCanonical, valid.data, emptyCanonical(source.scheme.id));
    for (const w of mapped.warnings) {
      warnings.push({ field: `canonical${w.field.replace(/\//g, ".")}`, message: w.message });
    }
    const parsed = CanonicalRecord.safeParse({
      ...mapped.output,
      scheme: source.scheme.id,
      native: { scheme: source.scheme.id, record },
    });
    if (!parsed.success) {
      throw new InvalidRecordError(
        "the record lacks what a certification record needs",
        parsed.error.issues.map((issue) => ({
          pointer: `/record`,
          detail: `canonical ${issue.path.join(".")}: ${issue.message}`,
        })),
      );
    }
    return parsed.data;
  }

  /** The equivalence answer for the record's own level, with no legal effect for a label that is not valid. */
  /** What a record's own level earns in another scheme on a date; nothing legal for a label that is not valid. */
  recognize(canonical: CanonicalRecord, to: string, asOf: string): EquivalenceAnswer {
    return this.recognition(canonical, { from: canonical.scheme, to, asOf });
  }

  private recognition(
    canonical: CanonicalRecord,
    input: { from: string; to: string; asOf: string },
  ): EquivalenceAnswer {
    const from = this.mapsFor(input.from).scheme;
    const to = this.catalog.scheme(input.to);
    if (!to) throw new UnsupportedPairError(`unknown scheme ${input.to}`, this.supported());
    const level = from.levels.find((l) => l.id === canonical.level);
    const answer = this.engine.answer({
      from: { scheme: from, level: level as NonNullable<typeof level>, version: canonical.schemeVersion ?? undefined },
      to: { scheme: to, level: undefined },
      asOf: input.asOf,
      category:
        canonical.product.category && this.catalog.category(canonical.product.category)
          ? canonical.product.category
          : undefined,
    });
    if (canonical.status === "active") return answer;
    const reason =
      canonical.status === "expired" && canonical.dates.validUntil
        ? `the label expired on ${canonical.dates.validUntil}`
        : `the label is ${canonical.status}`;
    const legal = {
      ...answer.legal,
      recognized: false,
      rules: [],
      notApplied: [
        ...answer.legal.notApplied,
        ...answer.legal.rules.map((r) => ({ arrangement: r.arrangement, rule: r.rule, reason })),
      ],
    };
    const verdict = deriveVerdict(legal, answer.coverage, answer.assurance);
    return { ...answer, legal, verdict };
  }
}

/**
 * The canonical record as the target format may use it. Registration ids and levels are issued by each scheme: a
 * record of one scheme carries neither into another's format. The target level is filled only where an arrangement
 * recognises the record at a named level; otherwise the scheme must assign it. Nor does the issuer carry over.
 */
function projectFor(
  canonical: CanonicalRecord,
  target: string,
  recognition: EquivalenceAnswer,
): Record<string, unknown> {
  if (canonical.scheme === target) return canonical;
  const granted = recognition.legal.rules.find(
    (r) => r.effect === "full-recognition" || r.effect === "deemed-compliance",
  );
  return {
    ...canonical,
    registrationId: null,
    level: granted?.toLevel ?? null,
    schemeVersion: null,
    // Who attests differs by scheme (IPA, CSA, a CLA, the manufacturer): none of them attests in the target scheme.
    issuer: { name: null, assessor: null, assessmentMode: null },
  };
}

const absoluteDate = /\b(\d{4}-\d{2}-\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/;

/**
 * A support period written as text (PSTI statements) becomes an end date where the text holds one ("until
 * 30.5.2030"); a relative period ("5 years after GA") cannot be dated without the GA date and is flagged.
 */
function normaliseSupportPeriod(canonical: CanonicalRecord, warnings: TranslationResult["warnings"]): void {
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
    message: `the support period "${text}" is relative or has no date; it is kept as text, not normalised to an end date`,
  });
}

/** Dotted paths of the canonical fields that hold a value (not the native original, nor the results). */
function populatedLeaves(canonical: CanonicalRecord): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
      return;
    }
    out.push(path);
  };
  const { native: _, requirementResults: __, scheme: ___, status: ____, ...rest } = canonical;
  walk(rest, "");
  return out;
}

/** A record past its valid-until date reads `expired`, whatever its stored status said. */
export function effectiveStatus(record: CanonicalRecord, asOf: string): CanonicalRecord["status"] {
  if (record.status !== "active") return record.status;
  return record.dates.validUntil && record.dates.validUntil < asOf ? "expired" : "active";
}
