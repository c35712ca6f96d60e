import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledScheme, RecordMap } from "../../catalog/model.ts";
import { CanonicalRecord } from "../../contracts/record.ts";
import type { RecordFieldFile } from "../../contracts/scheme.ts";
import {
  applyRules,
  type CompiledFieldMaps,
  compileRules,
  type FieldMapFn,
  inputsRead,
} from "../../record-formats/field-map.ts";
import { nativeRecordSchema } from "../../record-formats/native-schema.ts";
import { type CompiledRecordChecks, parseWith, type RecordParse } from "../../record-formats/record-parse.ts";
import { UnsupportedPairError } from "./errors.ts";
import type * as say from "./messages.ts";
import { TargetWarnings } from "./target-warnings.ts";

/** A record check: zod's safeParse answer, after the build's accept-only check where there is one. */
export type RecordCheck = (record: unknown) => RecordParse<Record<string, unknown>>;

/** Everything the translation modules need about one scheme's record format, prepared once per catalog. */
export interface SchemeFormat {
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
  /** Whether the fromCanonical rules read this canonical path or one of its ancestors (see carriedPaths). */
  carries: (path: string) => boolean;
  /** Who issues the grant fields: the format's grantedBy, else the scheme's operator, else its owner. */
  grantedBy: say.Bilingual;
  formatName: string;
  /** Warnings about the format's own fields, made once and shared. */
  warnings: TargetWarnings;
}

/**
 * The registry of record formats: for every scheme the catalog has a record map for, its maps (the build's generated
 * code when it was generated from this catalog, else the interpreter) and its checks (likewise), built once per
 * catalog so that no translation compiles anything. It is the one place that decides which schemes can be translated.
 */
export class FormatRegistry {
  private readonly formats = new Map<string, SchemeFormat>();

  /** Whether the field maps run as generated code (the build's, for this catalog) or through the interpreter. */
  readonly mapCode: "generated" | "interpreted";

  /** Whether the record formats are checked by the build's generated checks before zod, or by zod alone. */
  readonly formatChecks: "generated" | "zod";

  /** The canonical record's check (its generated check does not depend on the catalog). */
  readonly parseCanonical: (record: unknown) => RecordParse<CanonicalRecord>;

  constructor(catalog: CatalogIndex, compiled?: CompiledFieldMaps, checks?: CompiledRecordChecks) {
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
      this.formats.set(map.scheme, {
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
        carries: carriedPaths(map.fromCanonical.flatMap(inputsRead)),
        ...named,
        warnings: new TargetWarnings(named),
      });
    }
  }

  /** Schemes with a record map, i.e. those a record can be translated from and to. */
  supported(): string[] {
    return [...this.formats.keys()].sort();
  }

  /** A scheme's format; UnsupportedPairError (listing the supported schemes) for a scheme with no record map. */
  get(scheme: string): SchemeFormat {
    const format = this.formats.get(scheme);
    if (!format) throw new UnsupportedPairError(`no record map for ${scheme}`, this.supported());
    return format;
  }
}

/** Who issues a scheme's grant fields: its record format's grantedBy, else its operator, else its owner. */
export function grantingBody(scheme: CompiledScheme): say.Bilingual {
  const format = scheme.recordFormat;
  const en = format?.grantedBy ?? scheme.operator ?? scheme.owner;
  return { en, ja: format?.grantedBy ? (format.grantedByJa ?? en) : en };
}

/** The interpreter over a map direction's rules: the reference the generated code is checked against. */
function interpreted(rules: RecordMap["toCanonical"]): FieldMapFn {
  const compiled = compileRules(rules);
  return (input, output) => applyRules(compiled, input, output);
}

/**
 * Whether rules that read the canonical paths `read` carry the value at `path`: one of them reads the path itself or
 * an ancestor of it (`product` carries `product.model`). Built once per format: a translation asks it for every
 * canonical field that holds a value, and testing each read path as a prefix made a string per pair.
 */
export function carriedPaths(read: readonly string[]): (path: string) => boolean {
  const paths = new Set(read);
  return (path) => {
    if (paths.has(path)) return true;
    for (let dot = path.indexOf("."); dot >= 0; dot = path.indexOf(".", dot + 1)) {
      if (paths.has(path.slice(0, dot))) return true;
    }
    return false;
  };
}
