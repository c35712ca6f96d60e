import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledScheme, RecordMap } from "../../catalog/model.ts";
import {
  applyRules,
  type CompiledFieldMaps,
  compileRules,
  type FieldMapFn,
  inputsRead,
} from "../../records/field-map.ts";
import { nativeRecordSchema } from "../../records/native-schema.ts";
import { type CompiledRecordChecks, parseWith, type RecordParse } from "../../records/record-parse.ts";
import { isRealDate } from "../../schemas/common.ts";
import type { EquivalenceAnswer } from "../../schemas/equivalence.ts";
import { CanonicalRecord, emptyCanonical } from "../../schemas/record.ts";
import type { RecordFieldFile } from "../../schemas/scheme.ts";
import type { Translation, TranslationWarning, UnmappedField } from "../../schemas/translation.ts";
import { CrosswalkGraph } from "../equivalence/crosswalk-graph.ts";
import type { EquivalenceEngine } from "../equivalence/engine.ts";
import { recognizeRecord } from "../equivalence/record-recognition.ts";
import * as say from "./messages.ts";
import { translateResults } from "./results.ts";
import { TargetWarnings } from "./target-warnings.ts";
import { UnmappedEntries } from "./unmapped-entries.ts";

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
  toCanonical: FieldMapFn;
  fromCanonical: FieldMapFn;
  /** The format's check: zod's nativeRecordSchema, after the build's accept-only check where there is one. */
  validate: RecordCheck;
  /**
   * The format's product fields only, and whether it requires a grant or declaration field: what a record made from
   * another scheme's can be checked against (those fields are always left out of it) without the cost of a failed
   * validation on every answer.
   */
  validateProductFields: RecordCheck;
  requiresGrantOrDeclaration: boolean;
  fields: readonly RecordFieldFile[];
  /** Canonical paths the fromCanonical rules read. */
  carried: readonly string[];
  /** Who issues the grant fields: the format's grantedBy, else the scheme's operator, else its owner. */
  grantedBy: say.Bilingual;
  formatName: string;
  /** Warnings about the format's own fields, made once and shared. */
  warnings: TargetWarnings;
}

type Standing = Map<"grant" | "declaration", say.StandingRule>;

type RecordCheck = (record: unknown) => RecordParse<Record<string, unknown>>;

/**
 * Record translation: native (or canonical) record of scheme A → canonical → native record of scheme B, with the
 * requirement results carried through the crosswalks and the recognition the record earns in B on a date. Maps are
 * compiled once per catalog. Pure apart from hashing the input (a port: the runtimes hash differently).
 */
export class Translator {
  private readonly maps = new Map<string, SchemeMaps>();
  private readonly entries = new Map<string, UnmappedEntries>();
  private readonly graph: CrosswalkGraph;
  private readonly hub: string | undefined;
  private readonly parseCanonical: (record: unknown) => RecordParse<CanonicalRecord>;

  /** Whether the field maps run as generated code (the build's, for this catalog) or through the interpreter. */
  readonly mapCode: "generated" | "interpreted";

  /** Whether the record formats are checked by the build's generated checks before zod, or by zod alone. */
  readonly formatChecks: "generated" | "zod";

  constructor(
    private readonly catalog: CatalogIndex,
    private readonly engine: EquivalenceEngine,
    private readonly sha256: (text: string) => Promise<string> | string,
    compiled?: CompiledFieldMaps,
    checks?: CompiledRecordChecks,
  ) {
    this.graph = new CrosswalkGraph(catalog.catalog.crosswalks);
    this.hub = catalog.allSchemes().find((s) => s.role === "hub")?.id;
    // Generated code is used only for the catalog it was generated from; any other catalog is interpreted.
    const generated = compiled?.digest === catalog.digest ? compiled.maps : undefined;
    this.mapCode = generated ? "generated" : "interpreted";
    // Likewise the formats' generated checks; the canonical record's does not depend on the catalog.
    const formatChecks = checks?.digest === catalog.digest ? checks.formats : undefined;
    this.formatChecks = formatChecks ? "generated" : "zod";
    this.parseCanonical = parseWith(CanonicalRecord, checks?.canonical);
    for (const map of catalog.catalog.recordMaps) {
      const scheme = catalog.scheme(map.scheme);
      if (!scheme?.recordFormat) continue;
      const named = { grantedBy: grantingBody(scheme), formatName: scheme.recordFormat.name };
      this.maps.set(map.scheme, {
        scheme,
        map,
        toCanonical: generated?.[map.scheme]?.toCanonical ?? interpreted(map.toCanonical),
        fromCanonical: generated?.[map.scheme]?.fromCanonical ?? interpreted(map.fromCanonical),
        validate: parseWith(nativeRecordSchema(scheme.recordFormat.fields), formatChecks?.[map.scheme]?.all),
        validateProductFields: parseWith(
          nativeRecordSchema(scheme.recordFormat.fields.filter((f) => f.setBy === "product")),
          formatChecks?.[map.scheme]?.product,
        ),
        requiresGrantOrDeclaration: scheme.recordFormat.fields.some((f) => f.setBy !== "product" && f.required),
        fields: scheme.recordFormat.fields,
        carried: map.fromCanonical.flatMap(inputsRead),
        ...named,
        warnings: new TargetWarnings(named),
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
  }): Promise<Translation> {
    const source = this.mapsFor(input.from);
    const target = this.mapsFor(input.to);
    const warnings: TranslationWarning[] = [];

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
    const same = input.from === input.to;
    const standing = same ? new Map() : this.standing(recognition);
    const projected = same ? canonical : projectFor(canonical);
    const variants = perRecord(projected, target);
    if (variants.length > 1) {
      warnings.push({
        field: "record",
        code: "one-record-per-model",
        message: say.splitPerModel(variants.length, input.from, target.formatName),
      });
    }
    const nativeOriginal = same && canonical.native?.scheme === input.to ? canonical.native.record : undefined;
    const records = variants.map((variant) => this.render(target, variant, { same, nativeOriginal, warnings }));
    const first = records[0] as (typeof records)[number];

    const targetRequirements = target.scheme.requirements.map((r) => r.id);
    return {
      from: input.from,
      to: input.to,
      asOf: input.asOf,
      status: recognition.verdict === "recognized" ? "recognized" : "provisional",
      record: first.record,
      recordValid: first.recordValid,
      records,
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
      unmapped: this.unmapped(source, target, canonical, first.record, { same, standing, nativeOriginal }),
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
   * One target record from a (projected) canonical record. Across schemes, the target's grant and declaration fields
   * are left out whatever the maps produced — even where a rule in force says the source label stands for them: the
   * rule makes them unnecessary, it does not make the source's dates or names the target's (unmapped cites it). A
   * same-scheme round trip restores the fields no canonical field carries from the native original.
   */
  private render(
    target: SchemeMaps,
    variant: { model: string | null; canonical: Projected },
    context: {
      same: boolean;
      nativeOriginal: Record<string, unknown> | undefined;
      warnings: TranslationWarning[];
    },
  ) {
    const { output: mapped, warnings: failed } = target.fromCanonical(variant.canonical, {});
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
    // Across schemes the grant and declaration fields are absent by design: the product fields are checked, and the
    // record is complete only if the format requires none of the others (a required one is explained in unmapped).
    const check = context.same ? target.validate(output) : target.validateProductFields(output);
    const recordValid = check.success && (context.same || !target.requiresGrantOrDeclaration);
    if (!check.success) {
      for (const issue of check.error.issues) {
        const name = String(issue.path[0] ?? "");
        const field = target.fields.find((f) => f.name === name);
        warn(
          output[name] === undefined
            ? target.warnings.requiredMissing(name, field?.setBy ?? "product")
            : target.warnings.invalidValue(name, issue.code ?? ""),
        );
      }
    }
    return { model: variant.model, record: output, recordValid };
  }

  /**
   * What the target record does not carry, and why: the target's grant and declaration fields (issued by the target's
   * body, declared by the manufacturer, or stood for by a rule), target fields no canonical field holds, canonical
   * values the target has no field for, and source fields no canonical field holds.
   */
  private unmapped(
    source: SchemeMaps,
    target: SchemeMaps,
    canonical: CanonicalRecord,
    record: Record<string, unknown>,
    context: { same: boolean; standing: Standing; nativeOriginal: Record<string, unknown> | undefined },
  ): UnmappedField[] {
    const entries = this.entriesFor(source, target);
    const out: UnmappedField[] = [];
    target.fields.forEach((field, index) => {
      if (record[field.name] !== undefined) return;
      const setBy = field.setBy ?? "product";
      if (!context.same && setBy !== "product") {
        const rule = context.standing.get(setBy);
        out.push(rule ? entries.stoodFor(index, setBy, rule) : entries.withheld(index));
        return;
      }
      // A same-scheme round trip restores these from the native original: absent there, absent here, nothing lost.
      const loss = context.nativeOriginal ? undefined : entries.lostOnTheWayOut(index);
      if (loss) out.push(loss);
    });
    for (const path of populatedLeaves(canonical)) {
      if (!target.carried.some((read) => path === read || path.startsWith(`${read}.`))) {
        out.push(entries.noTargetField(path));
      }
    }
    if (!context.nativeOriginal) out.push(...entries.notCarried());
    return out;
  }

  /** The direction's unmapped entries, made once per direction and shared by its translations. */
  private entriesFor(source: SchemeMaps, target: SchemeMaps): UnmappedEntries {
    const key = `${source.scheme.id} ${target.scheme.id}`;
    let entries = this.entries.get(key);
    if (!entries) {
      entries = new UnmappedEntries({
        source: { id: source.scheme.id, fields: source.fields, map: source.map },
        target: {
          id: target.scheme.id,
          fields: target.fields,
          map: target.map,
          grantedBy: target.grantedBy,
          formatName: target.formatName,
        },
      });
      this.entries.set(key, entries);
    }
    return entries;
  }

  /** Rules in force (the recognition's applicable rules) whose instrument says the label stands for target fields. */
  private standing(recognition: EquivalenceAnswer): Standing {
    const standing: Standing = new Map();
    for (const applied of recognition.legal.rules) {
      const arrangement = this.catalog.catalog.arrangements.find((a) => a.id === applied.arrangement);
      const rule = arrangement?.rules.find((r) => r.id === applied.rule);
      for (const setBy of rule?.standsFor ?? []) {
        if (!standing.has(setBy)) {
          standing.set(setBy, {
            arrangement: applied.arrangement,
            rule: applied.rule,
            title: applied.title,
          });
        }
      }
    }
    return standing;
  }

  /**
   * A native (or canonical) record of a scheme as its canonical record, validated — what the record store keeps.
   * Throws InvalidRecordError listing every bad field, UnsupportedPairError for a scheme with no record map.
   */
  canonicalize(scheme: string, format: "native" | "canonical", record: Record<string, unknown>): CanonicalRecord {
    const source = this.mapsFor(scheme);
    const warnings: TranslationWarning[] = [];
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
        warnings.map((w) => ({ pointer: "/record", detail: `${w.field}: ${w.message.en}` })),
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
    const parsed = this.parseCanonical(input.record);
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

  private toCanonical(source: SchemeMaps, record: Record<string, unknown>, warnings: TranslationWarning[]) {
    const valid = source.validate(record);
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
    const mapped = source.toCanonical(valid.data, emptyCanonical(source.scheme.id));
    for (const w of mapped.warnings) {
      const field = `canonical${w.field.replace(/\//g, ".")}`;
      warnings.push({
        field,
        code: "not-convertible",
        message: say.notConvertible(field, { en: w.message, ja: w.ja }),
      });
    }
    const parsed = this.parseCanonical({
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
    return recognizeRecord(this.catalog, this.engine, canonical, from, to, input.asOf);
  }
}

/**
 * The canonical record as another scheme's format may use it. Registration ids, levels, versions and the issuer are
 * each scheme's own: none carries into another's format. (The target's grant and declaration fields are removed after
 * mapping as well, whatever canonical path their rules read.)
 */
function projectFor(canonical: CanonicalRecord): Projected {
  return {
    ...canonical,
    registrationId: null,
    level: null,
    schemeVersion: null,
    issuer: { name: null, assessor: null, assessmentMode: null },
  };
}

/** The canonical record as mapped into another scheme: its level may be unknown there. */
type Projected = Omit<CanonicalRecord, "level"> & { level: string | null };

/** One canonical record per model where the target holds one model per record; otherwise the record as it is. */
function perRecord(canonical: Projected, target: SchemeMaps): { model: string | null; canonical: Projected }[] {
  if (target.map.oneRecordPer !== "model") return [{ model: null, canonical }];
  const models = canonical.product.models;
  if (models.length <= 1) return [{ model: models[0] ?? null, canonical }];
  return models.map((model) => ({
    model,
    canonical: { ...canonical, product: { ...canonical.product, models: [model] } },
  }));
}

/** Who issues a scheme's grant fields: its record format's grantedBy, else its operator, else its owner. */
function grantingBody(scheme: CompiledScheme): say.Bilingual {
  const format = scheme.recordFormat;
  const en = format?.grantedBy ?? scheme.operator ?? scheme.owner;
  return { en, ja: format?.grantedBy ? (format.grantedByJa ?? en) : en };
}

/** The interpreter over a map direction's rules: the reference the generated code is checked against. */
function interpreted(rules: RecordMap["toCanonical"]): FieldMapFn {
  const compiled = compileRules(rules);
  return (input, output) => applyRules(compiled, input, output);
}

const absoluteDate = /\b(\d{4}-\d{2}-\d{2})\b|\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b/;

/**
 * A support period written as text (PSTI statements) becomes an end date where the text holds one ("until
 * 30.5.2030"); a relative period ("5 years after GA") cannot be dated without the GA date and is flagged.
 */
function normaliseSupportPeriod(canonical: CanonicalRecord, warnings: TranslationWarning[]): void {
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
