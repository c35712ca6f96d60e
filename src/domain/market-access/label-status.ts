import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel, CompiledScheme, Market } from "../../catalog/model.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { AccessRoute, AccessStatus } from "../../contracts/market-access-answer.ts";

type MarketRule = Market["rules"][number];
export type RuleStatus = Exclude<AccessStatus, "nothing-required">;

export interface Label {
  scheme: CompiledScheme;
  level: CompiledLevel;
}

/** Asks the equivalence engine what a label means in another scheme; market access never re-derives recognition. */
export type Recognize = (label: Label, target: CompiledScheme) => EquivalenceAnswer;

const FULL_EFFECTS = new Set(["full-recognition", "deemed-compliance"]);

/** Best first: the order in which a label's ways of meeting a rule are preferred. */
export const statusOrder: readonly RuleStatus[] = ["held", "recognized", "simplified-procedure", "not-met"];

/**
 * Whether a label meets one market rule: held when it is the required scheme at the minimum level or above; otherwise
 * what the equivalence engine's legal findings grant at a level that meets the minimum — full or deemed recognition
 * with nothing left to meet, else an easier route (a simplified application, an exemption, a fee reduction).
 */
export function labelStatus(
  catalog: CatalogIndex,
  rule: MarketRule,
  label: Label,
  recognize: Recognize,
): { status: RuleStatus; routes: AccessRoute[] } {
  const minimum = catalog.level(rule.scheme, rule.minLevel);
  const meetsMinimum = (levelId: string) => {
    const level = catalog.level(rule.scheme, levelId);
    return Boolean(level && minimum && level.ordinal >= minimum.ordinal);
  };
  if (label.scheme.id === rule.scheme) {
    return { status: meetsMinimum(label.level.id) ? "held" : "not-met", routes: [] };
  }
  const target = catalog.scheme(rule.scheme);
  if (!target) return { status: "not-met", routes: [] };
  const answer = recognize(label, target);
  const routes = answer.legal.rules
    .filter((r) => meetsMinimum(r.toLevel))
    .map(
      (r): AccessRoute => ({
        arrangement: r.arrangement,
        title: r.title,
        rule: r.rule,
        effect: r.effect,
        toLevel: r.toLevel,
        conditions: r.conditions,
        fees: r.fees,
        remainingRequirements: r.remainingRequirements,
        sources: r.sources,
        confidence: r.confidence,
      }),
    );
  const full = routes.some((r) => FULL_EFFECTS.has(r.effect) && r.remainingRequirements.length === 0);
  const status: RuleStatus = full ? "recognized" : routes.length > 0 ? "simplified-procedure" : "not-met";
  return { status, routes };
}
