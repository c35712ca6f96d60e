import catalogBundle from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";

export const catalogIndex = new CatalogIndex(catalogBundle);
export const engine = new EquivalenceEngine(catalogIndex);

/** `ask("jc-star:STAR-1", "uk-psti", "2025-12-04")`: the engine's answer, without HTTP. */
export function ask(from: string, to: string, asOf: string, category?: string): EquivalenceAnswer {
  const [fromScheme = "", fromLevel = ""] = from.split(":");
  const [toScheme = "", toLevel] = to.split(":");
  const scheme = catalogIndex.scheme(fromScheme);
  const level = catalogIndex.level(fromScheme, fromLevel);
  const target = catalogIndex.scheme(toScheme);
  if (!scheme || !level || !target) throw new Error(`unknown ${from} or ${to}`);
  return engine.answer({
    from: { scheme, level },
    to: { scheme: target, level: toLevel ? catalogIndex.level(toScheme, toLevel) : undefined },
    asOf,
    category,
  });
}
