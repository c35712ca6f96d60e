import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { CanonicalRecord } from "../../contracts/record.ts";
import type { Translation } from "../../contracts/translation.ts";
import type { CompiledFieldMaps } from "../../record-formats/field-map.ts";
import type { CompiledRecordChecks } from "../../record-formats/record-parse.ts";
import { CrosswalkGraph } from "../equivalence/crosswalk-graph.ts";
import type { EquivalenceEngine } from "../equivalence/engine.ts";
import { InvalidRecordError } from "./errors.ts";
import { FormatRegistry } from "./formats.ts";
import { ingest, normaliseSupportPeriod } from "./ingest.ts";
import { perRecord, projectFor } from "./mapping.ts";
import * as say from "./messages.ts";
import { effectiveStatus, type RecognitionSources, recognition, standing } from "./recognition.ts";
import { render } from "./rendering.ts";
import { translateResults } from "./results.ts";
import { UnmappedLists } from "./unmapped-list.ts";

// The facade's public API is what callers outside this folder import from this file; the errors and the status rule
// live in their own modules and are re-exported here so that those imports do not change.
export { InvalidRecordError, UnsupportedPairError } from "./errors.ts";
export { effectiveStatus } from "./recognition.ts";

export interface TranslationInput {
  from: string;
  to: string;
  format: "native" | "canonical";
  record: Record<string, unknown>;
  asOf: string;
}

/**
 * A translation without the two parts only the JSON answer shows: the requirement results carried to the target and
 * the unmapped list. A credential states neither (src/credentials/credential.ts), and for a one-model JC-STAR record
 * they are about half of a translation's CPU (the unmapped list alone ~22 of ~49 µs in process), so the credential
 * routes ask for this (docs/decisions.md, "The signed path computes only what a credential states").
 */
export type TranslationCore = Omit<Translation, "requirementResults" | "unmapped">;

/**
 * Record translation: native (or canonical) record of scheme A → canonical → native record of scheme B, with the
 * requirement results carried through the crosswalks and the recognition the record earns in B on a date. Maps are
 * compiled once per catalog. Pure apart from hashing the input (a port: the runtimes hash differently).
 *
 * This class only composes the steps, each in a module of its own: the format registry (formats.ts), taking a record
 * in (ingest.ts, with record-validation.ts and mapping.ts), recognition (recognition.ts), the target records
 * (rendering.ts), the carried results (results.ts) and the unmapped list (unmapped-list.ts).
 */
export class Translator {
  private readonly formats: FormatRegistry;
  private readonly unmapped = new UnmappedLists();
  private readonly graph: CrosswalkGraph;
  private readonly hub: string | undefined;
  private readonly sources: RecognitionSources;

  /** Whether the field maps run as generated code (the build's, for this catalog) or through the interpreter. */
  readonly mapCode: "generated" | "interpreted";

  /** Whether the record formats are checked by the build's generated checks before zod, or by zod alone. */
  readonly formatChecks: "generated" | "zod";

  constructor(
    private readonly catalog: CatalogIndex,
    engine: EquivalenceEngine,
    private readonly sha256: (text: string) => Promise<string> | string,
    compiled?: CompiledFieldMaps,
    checks?: CompiledRecordChecks,
  ) {
    this.graph = new CrosswalkGraph(catalog.catalog.crosswalks);
    this.hub = catalog.allSchemes().find((s) => s.role === "hub")?.id;
    this.formats = new FormatRegistry(catalog, compiled, checks);
    this.mapCode = this.formats.mapCode;
    this.formatChecks = this.formats.formatChecks;
    this.sources = { catalog, formats: this.formats, engine };
  }

  /** Schemes with a record map, i.e. those a record can be translated from and to. */
  supported(): string[] {
    return this.formats.supported();
  }

  /**
   * The translation; `core` leaves out the requirement results and the unmapped list (TranslationCore), which are
   * then not computed at all. Everything else is the same, key for key.
   */
  translate(input: TranslationInput): Promise<Translation>;
  translate(input: TranslationInput, parts: "core"): Promise<TranslationCore>;
  async translate(input: TranslationInput, parts: "all" | "core" = "all"): Promise<Translation | TranslationCore> {
    // Both schemes are looked up before the record is read: an unsupported pair is refused as such, whatever the record.
    const source = this.formats.get(input.from);
    const target = this.formats.get(input.to);
    const { canonical, warnings } = ingest(this.formats, source, input);
    canonical.status = effectiveStatus(canonical, input.asOf);
    normaliseSupportPeriod(canonical, warnings);

    const recognized = recognition(this.sources, canonical, input);
    const same = input.from === input.to;
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
    const records = variants.map((variant) => render(target, variant, { same, nativeOriginal, warnings }));
    const first = records[0] as (typeof records)[number];

    return {
      from: input.from,
      to: input.to,
      asOf: input.asOf,
      status: recognized.verdict === "recognized" ? "recognized" : "provisional",
      record: first.record,
      recordValid: first.recordValid,
      records,
      canonical,
      recognition: recognized,
      ...(parts === "all"
        ? {
            requirementResults: translateResults(
              this.graph,
              input.from,
              canonical.requirementResults,
              input.to,
              target.scheme.requirements.map((r) => r.id),
              this.hub,
            ),
            unmapped: this.unmapped.list(source, target, canonical, first.record, {
              same,
              standing: same ? new Map() : standing(this.catalog, recognized),
              nativeOriginal,
            }),
          }
        : {}),
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
   * Throws InvalidRecordError listing every bad field (a value the maps could not convert among them: a stored record
   * is mapped whole), UnsupportedPairError for a scheme with no record map.
   */
  canonicalize(scheme: string, format: "native" | "canonical", record: Record<string, unknown>): CanonicalRecord {
    const { canonical, warnings } = ingest(this.formats, this.formats.get(scheme), { format, record });
    if (warnings.length > 0) {
      throw new InvalidRecordError(
        "the record could not be mapped whole",
        warnings.map((w) => ({ pointer: "/record", detail: `${w.field}: ${w.message.en}` })),
      );
    }
    return canonical;
  }

  /** What a record's own level earns in another scheme on a date; nothing legal for a label that is not valid. */
  recognize(canonical: CanonicalRecord, to: string, asOf: string): EquivalenceAnswer {
    return recognition(this.sources, canonical, { from: canonical.scheme, to, asOf });
  }
}
