import type { CoverageLevel, LegalRule, Verdict } from "../../contracts/equivalence.ts";

/**
 * The verdict, derived only from the three parts of the answer as returned — so a reader can check it, and a test
 * can re-derive it from the JSON. Legal effects rank first; content counts only where no rule applies.
 */
export function deriveVerdict(
  legal: { rules: readonly Pick<LegalRule, "effect" | "remainingRequirements" | "exemptRequirements">[] },
  coverage: { levels: readonly Pick<CoverageLevel, "level" | "ratio" | "criteriaPublished" | "requirements">[] },
  assurance: { gap: boolean; to: { level: string } | null },
): Verdict {
  const fullEffect = (effect: string) => effect === "full-recognition" || effect === "deemed-compliance";
  if (legal.rules.some((r) => fullEffect(r.effect) && r.remainingRequirements.length === 0)) return "recognized";
  if (legal.rules.some((r) => r.exemptRequirements.length > 0 && r.remainingRequirements.length > 0)) {
    return "partially-recognized";
  }
  if (legal.rules.some((r) => r.effect === "simplified-application")) return "simplified-procedure";
  const compared = coverage.levels.find((l) => l.level === assurance.to?.level);
  if (compared?.criteriaPublished && compared.requirements > 0 && compared.ratio === 1 && !assurance.gap) {
    return "analytically-equivalent";
  }
  return "not-equivalent";
}
