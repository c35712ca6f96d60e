import type { CompiledLevel } from "../../catalog/model.ts";
import type { Assurance } from "../../schemas/equivalence.ts";

/**
 * Assurance: how the source level was assessed against how the target level must be. A weaker assessment (a
 * self-declaration against a lab-tested level) never meets the target by content alone, whatever the coverage.
 */
export function assuranceOf(from: CompiledLevel, to: CompiledLevel | undefined): Assurance {
  const side = (level: CompiledLevel) => ({
    level: level.id,
    mode: level.assurance.mode,
    rank: level.assurance.rank,
    assessor: level.assurance.assessor,
  });
  if (!to) {
    return { from: side(from), to: null, gap: false, note: "The target scheme has no level to compare with." };
  }
  const gap = from.assurance.rank < to.assurance.rank;
  const note = gap
    ? `${from.id} is assessed by ${from.assurance.mode} (rank ${from.assurance.rank}); ${to.id} requires ` +
      `${to.assurance.mode} (rank ${to.assurance.rank}). Content coverage alone cannot close this: it needs ` +
      `an assessment by ${to.assurance.assessor}.`
    : `${from.id} (${from.assurance.mode}, rank ${from.assurance.rank}) is assessed at least as strongly as ` +
      `${to.id} requires (${to.assurance.mode}, rank ${to.assurance.rank}).`;
  return { from: side(from), to: side(to), gap, note };
}
