import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { CompiledLevel } from "../../catalog/model.ts";
import type { Assurance } from "../../contracts/equivalence.ts";
import { type Lang, languages, translator } from "../../i18n/messages.ts";

/**
 * Assurance: how the source level was assessed against how the target level must be. A weaker assessment (a
 * self-declaration against a lab-tested level) never meets the target by content alone, whatever the coverage.
 * The note says so in each language, from the message catalogs, with the levels' names (the answer says which schemes
 * they belong to) and the target's assessor ("in the scheme's own words"), each through the catalog's text accessor:
 * the Japanese note names them in Japanese where the companion files give it. The structured `assessor` fields stay
 * the data's English (a client reads them as data).
 */
export function assuranceOf(catalog: CatalogIndex, from: CompiledLevel, to: CompiledLevel | undefined): Assurance {
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
    const text = catalog.textIn(lang);
    note[lang] = t(gap ? "assurance.note.gap" : "assurance.note.noGap", {
      from: text(from, "name")?.text ?? from.name,
      fromMode: t(`assuranceMode.${from.assurance.mode}`),
      to: text(to, "name")?.text ?? to.name,
      toMode: t(`assuranceMode.${to.assurance.mode}`),
      assessor: text(to.assurance, "assessor")?.text ?? to.assurance.assessor,
    });
  }
  return { from: side(from), to: side(to), gap, note };
}
