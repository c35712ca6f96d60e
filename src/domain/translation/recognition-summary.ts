import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { RecognitionSummary } from "../../contracts/translation.ts";

/**
 * The recognition a translation carries by default: the verdict and the rules in force that give it, with their
 * instruments and legal sources, and where the full answer is. The full equivalence answer (~3–7 KB: coverage of every
 * target level, assurance, rules not applied) was most of a translation's body; it is sent on request only.
 *
 * A new summary each call, sharing nothing with `answer` (the engine may keep that object for later questions, so a
 * caller changing the summary must not change it).
 */
export function summariseRecognition(answer: EquivalenceAnswer): RecognitionSummary {
  const from = `${encodeURIComponent(answer.from.scheme)}:${encodeURIComponent(answer.from.level)}`;
  const category = answer.category ? `&category=${encodeURIComponent(answer.category)}` : "";
  return {
    verdict: answer.verdict,
    recognized: answer.legal.recognized,
    rules: answer.legal.rules.map((r) => ({
      arrangement: r.arrangement,
      title: r.title,
      instrument: r.instrument,
      rule: r.rule,
      effect: r.effect,
      toLevel: r.toLevel,
      sources: r.sources.map((s) => ({ title: s.title, url: s.url, locator: s.locator, kind: s.kind })),
    })),
    notApplied: answer.legal.notApplied.length,
    full: "/v1/translations?include=recognition",
    equivalence: `/v1/equivalence?from=${from}&to=${encodeURIComponent(answer.to.scheme)}&asOf=${answer.asOf}${category}`,
  };
}
