import type { CompiledLevel } from "../../catalog/model.ts";
import { type Lang, languages, translator } from "../../i18n/messages.ts";
import type { Assurance } from "../../schemas/equivalence.ts";

/**
 * Assurance: how the source level was assessed against how the target level must be. A weaker assessment (a
 * self-declaration against a lab-tested level) never meets the target by content alone, whatever the coverage.
 * The note says so in each language, from the message catalogs, with the levels' names (the answer says which schemes
 * they belong to). The target's assessor is data in English ("in the scheme's own words"), quoted as it stands in both.
 */
export function assuranceOf(from: CompiledLevel, to: CompiledLevel | undefined): Assurance {
  const side = (level: CompiledLevel) => ({
    level: level.id,
    mode: level.assurance.mode,
    rank: level.assurance.rank,
    assessor: level.assurance.assessor,
  });
  const note = {} as Record<Lang, string>;
  if (!to) {
    for (const lang of languages) note[lang] = translator(lang)("assurance.note.noLevel");
    return { from: side(from), to: null, gap: false, note };
  }
  const gap = from.assurance.rank < to.assurance.rank;
  for (const lang of languages) {
    const t = translator(lang);
    note[lang] = t(gap ? "assurance.note.gap" : "assurance.note.noGap", {
      from: from.name,
      fromMode: t(`assuranceMode.${from.assurance.mode}`),
      to: to.name,
      toMode: t(`assuranceMode.${to.assurance.mode}`),
      assessor: to.assurance.assessor,
    });
  }
  return { from: side(from), to: side(to), gap, note };
}
