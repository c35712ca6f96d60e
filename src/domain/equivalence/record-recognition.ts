import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledScheme } from "../../catalog/model.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { CanonicalRecord } from "../../contracts/record.ts";
import type { EquivalenceEngine } from "./engine.ts";
import { labelStatusReason } from "./not-applied-reason.ts";
import { deriveVerdict } from "./verdict.ts";

/**
 * What a record's own level earns in another scheme on a date: the engine's answer for (scheme, level, scheme
 * version, product category), with nothing legal for a label that is not active. One function for the recognition
 * route (through the translator) and the catalog-change events (src/webhooks/recognition-judge.ts), which ask it of
 * two catalogs. `from` is the record's scheme in `catalog`.
 */
export function recognizeRecord(
  catalog: CatalogIndex,
  engine: EquivalenceEngine,
  canonical: CanonicalRecord,
  from: CompiledScheme,
  to: CompiledScheme,
  asOf: string,
): EquivalenceAnswer {
  const level = from.levels.find((l) => l.id === canonical.level);
  const answer = engine.answer({
    from: { scheme: from, level: level as NonNullable<typeof level>, version: canonical.schemeVersion ?? undefined },
    to: { scheme: to, level: undefined },
    asOf,
    category:
      canonical.product.category && catalog.category(canonical.product.category)
        ? canonical.product.category
        : undefined,
  });
  if (canonical.status === "active") return answer;
  const why = labelStatusReason(canonical.status, canonical.dates.validUntil);
  const legal = {
    ...answer.legal,
    recognized: false,
    rules: [],
    notApplied: [
      ...answer.legal.notApplied,
      ...answer.legal.rules.map((r) => ({
        arrangement: r.arrangement,
        title: r.title,
        rule: r.rule,
        reason: why.en,
        reasonJa: why.ja,
      })),
    ],
  };
  const verdict = deriveVerdict(legal, answer.coverage, answer.assurance);
  return { ...answer, legal, verdict };
}
