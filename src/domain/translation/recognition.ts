import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { CanonicalRecord } from "../../contracts/record.ts";
import type { EquivalenceEngine } from "../equivalence/engine.ts";
import { recognizeRecord } from "../equivalence/record-recognition.ts";
import { UnsupportedPairError } from "./errors.ts";
import type { FormatRegistry } from "./formats.ts";
import type * as say from "./messages.ts";

/**
 * What a record earns in another scheme: the equivalence engine's answer for the record's own level on a date, with
 * no legal effect for a label that is not valid then, and the rules in force that stand for target fields. The engine
 * judges levels; only this module knows that a record's status can take the legal effect away.
 */

/** The rule in force that stands for the target's grant fields, and the one for its declaration fields. */
export type Standing = Map<"grant" | "declaration", say.StandingRule>;

/** What recognition reads: the catalog, its record formats and the equivalence engine. */
export interface RecognitionSources {
  catalog: CatalogIndex;
  formats: FormatRegistry;
  engine: EquivalenceEngine;
}

/**
 * The equivalence answer for the record's own level in `to` on `asOf`. A label that is not active (expired, withdrawn,
 * suspended) keeps its coverage and assurance, but every rule that would apply moves to notApplied with the reason,
 * and the verdict is derived again (recognizeRecord, shared with the catalog-change events). UnsupportedPairError for a source with no record map or an unknown target.
 */
export function recognition(
  sources: RecognitionSources,
  canonical: CanonicalRecord,
  input: { from: string; to: string; asOf: string },
): EquivalenceAnswer {
  const { catalog, formats, engine } = sources;
  const from = formats.get(input.from).scheme;
  const to = catalog.scheme(input.to);
  if (!to) throw new UnsupportedPairError(`unknown scheme ${input.to}`, formats.supported());
  return recognizeRecord(catalog, engine, canonical, from, to, input.asOf);
}

/**
 * Rules in force (the recognition's applicable rules) whose instrument says the label stands for target fields; the
 * first rule to stand for grant (or declaration) fields is the one cited.
 */
export function standing(catalog: CatalogIndex, answer: EquivalenceAnswer): Standing {
  const found: Standing = new Map();
  for (const applied of answer.legal.rules) {
    const arrangement = catalog.catalog.arrangements.find((a) => a.id === applied.arrangement);
    const rule = arrangement?.rules.find((r) => r.id === applied.rule);
    for (const setBy of rule?.standsFor ?? []) {
      if (!found.has(setBy)) {
        found.set(setBy, {
          arrangement: applied.arrangement,
          rule: applied.rule,
          title: applied.title,
        });
      }
    }
  }
  return found;
}

/** A record past its valid-until date reads `expired`, whatever its stored status said. */
export function effectiveStatus(record: CanonicalRecord, asOf: string): CanonicalRecord["status"] {
  if (record.status !== "active") return record.status;
  return record.dates.validUntil && record.dates.validUntil < asOf ? "expired" : "active";
}
