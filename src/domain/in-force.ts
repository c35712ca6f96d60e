import type { Arrangement } from "../catalog/model.ts";

type Rule = Arrangement["rules"][number];

/**
 * The dates a rule applies between: its own, else its arrangement's. `effectiveTo` is the last day it applies
 * (inclusive); a rule with no `effectiveTo` runs until the catalog says otherwise.
 */
export function ruleDates(arrangement: Arrangement, rule: Rule): { from: string | undefined; to: string | undefined } {
  return { from: rule.effectiveFrom ?? arrangement.effectiveFrom, to: rule.effectiveTo ?? arrangement.effectiveTo };
}

/** Whether a rule has legal effect on `asOf` (YYYY-MM-DD; string comparison is date order for this format). */
export function ruleInForce(arrangement: Arrangement, rule: Rule, asOf: string): boolean {
  // An ended arrangement still answers for the dates it was in force: its effectiveTo says when it stopped.
  if (arrangement.status === "no-arrangement") return false;
  const { from, to } = ruleDates(arrangement, rule);
  return from !== undefined && from <= asOf && (to === undefined || asOf <= to);
}
