import type { RecordMap } from "../../catalog/model.ts";
import type { FieldSetter, RecordFieldFile } from "../../contracts/scheme.ts";
import type { UnmappedField } from "../../contracts/translation.ts";
import { BilingualTexts } from "./bilingual-texts.ts";
import * as say from "./messages.ts";

/** What the entries of one direction (source → target) are made from: catalog facts only, never a record's values. */
export interface Direction {
  source: { id: string; fields: readonly RecordFieldFile[]; map: RecordMap };
  target: {
    id: string;
    fields: readonly RecordFieldFile[];
    map: RecordMap;
    grantedBy: say.Bilingual;
    formatName: string;
  };
}

/**
 * The `unmapped` entries of one direction. An entry says which field, why and who supplies it — all catalog facts of
 * the direction (and, for stood-for entries, of the rule) — so the same field is explained in the same words to every
 * record. Each call returns a new entry the caller owns: nothing an answer holds is shared with another or frozen.
 * Only the texts (immutable strings) are made once per key — building the bilingual sentences again for every answer
 * cost a third of a translation's time — and keys are field indexes, canonical paths (a fixed set: the canonical
 * record's leaves) and rule ids, so the memo is bounded by the catalog.
 */
export class UnmappedEntries {
  private readonly texts = new BilingualTexts();

  constructor(private readonly direction: Direction) {}

  /** Target field `index`, a grant or declaration field, left empty: who issues or declares it. */
  withheld(index: number): UnmappedField {
    const { source, target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    const setBy = setter(field);
    return {
      field: field.name,
      code: setBy === "grant" ? "issued-by-target" : "declared-by-manufacturer",
      setBy,
      required: field.required,
      reason: this.texts.get(`withheld ${index}`, () =>
        say.withheld(field.name, { setBy, body: target.grantedBy }, source.id, target.id),
      ),
    };
  }

  /** Target field `index` left empty because `rule`, in force, makes the source label stand for it. */
  stoodFor(index: number, setBy: "grant" | "declaration", rule: say.StandingRule): UnmappedField {
    const { source, target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    return {
      field: field.name,
      code: "stood-for-by-rule",
      setBy,
      required: field.required,
      reason: this.texts.get(`stood-for ${index} ${setBy} ${rule.arrangement} ${rule.rule}`, () =>
        say.stoodFor(field.name, setBy, source.id, target.id, rule),
      ),
      rule: { arrangement: rule.arrangement, rule: rule.rule },
    };
  }

  /** Target field `index`, if the target's map declares it lost (no canonical field carries it). */
  lostOnTheWayOut(index: number): UnmappedField | undefined {
    const { target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    const loss = target.map.losses.fromCanonical.find((l) => l.field === field.name);
    if (!loss) return undefined;
    const setBy = setter(field);
    return {
      field: field.name,
      code: "no-canonical-field",
      setBy,
      required: field.required,
      reason: this.texts.get(`lost-out ${index}`, () =>
        say.lostOnTheWayOut(field.name, { en: loss.note, ja: loss.noteJa }, { setBy, body: target.grantedBy }),
      ),
    };
  }

  /** A canonical value at `path` the target format has no field for. */
  noTargetField(path: string): UnmappedField {
    const { source, target } = this.direction;
    return {
      field: `canonical.${path}`,
      code: "no-target-field",
      setBy: null,
      required: false,
      reason: this.texts.get(`no-target ${path}`, () => say.noTargetField(path, target.formatName, source.id)),
    };
  }

  /** The source fields its map declares lost on the way into the canonical record. */
  notCarried(): UnmappedField[] {
    const { source } = this.direction;
    return source.map.losses.toCanonical.map((loss) => ({
      field: `${source.id}.${loss.field}`,
      code: "not-carried",
      setBy: source.fields.find((f) => f.name === loss.field)?.setBy ?? null,
      required: false,
      reason: this.texts.get(`lost-in ${loss.field}`, () =>
        say.lostOnTheWayIn(loss.field, { en: loss.note, ja: loss.noteJa }, source.id),
      ),
    }));
  }
}

function setter(field: RecordFieldFile): FieldSetter {
  return field.setBy ?? "product";
}
