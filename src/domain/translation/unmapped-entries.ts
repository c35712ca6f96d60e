import type { RecordMap } from "../../catalog/model.ts";
import { shared } from "../../lib/encoded-json.ts";
import type { FieldSetter, RecordFieldFile } from "../../schemas/scheme.ts";
import type { UnmappedField } from "../../schemas/translation.ts";
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
 * The `unmapped` entries of one direction, each made once and then shared by every translation that lists it. An
 * entry says which field, why and who supplies it — all catalog facts of the direction (and, for stood-for entries,
 * of the rule) — so the same field is explained in the same words to every record, and its bilingual text is
 * serialised and encoded once (`shared`, src/lib/encoded-json.ts) instead of per answer. Keys are field indexes,
 * canonical paths (a fixed set: the canonical record's leaves) and rule ids, so the memo is bounded by the catalog.
 */
export class UnmappedEntries {
  private readonly withheldAt: (UnmappedField | undefined)[] = [];
  private readonly stoodForAt = new Map<string, UnmappedField>();
  private readonly lostOutAt: (UnmappedField | null | undefined)[] = [];
  private readonly noTargetAt = new Map<string, UnmappedField>();
  private lostIn: readonly UnmappedField[] | undefined;

  constructor(private readonly direction: Direction) {}

  /** Target field `index`, a grant or declaration field, left empty: who issues or declares it. */
  withheld(index: number): UnmappedField {
    const cached = this.withheldAt[index];
    if (cached) return cached;
    const { source, target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    const setBy = setter(field);
    const entry = shared<UnmappedField>({
      field: field.name,
      code: setBy === "grant" ? "issued-by-target" : "declared-by-manufacturer",
      setBy,
      required: field.required,
      reason: say.withheld(field.name, { setBy, body: target.grantedBy }, source.id, target.id),
    });
    this.withheldAt[index] = entry;
    return entry;
  }

  /** Target field `index` left empty because `rule`, in force, makes the source label stand for it. */
  stoodFor(index: number, setBy: "grant" | "declaration", rule: say.StandingRule): UnmappedField {
    const key = `${index} ${rule.arrangement} ${rule.rule}`;
    const cached = this.stoodForAt.get(key);
    if (cached) return cached;
    const { source, target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    const entry = shared<UnmappedField>({
      field: field.name,
      code: "stood-for-by-rule",
      setBy,
      required: field.required,
      reason: say.stoodFor(field.name, setBy, source.id, target.id, rule),
      rule: { arrangement: rule.arrangement, rule: rule.rule },
    });
    this.stoodForAt.set(key, entry);
    return entry;
  }

  /** Target field `index`, if the target's map declares it lost (no canonical field carries it). */
  lostOnTheWayOut(index: number): UnmappedField | undefined {
    const cached = this.lostOutAt[index];
    if (cached !== undefined) return cached ?? undefined;
    const { target } = this.direction;
    const field = target.fields[index] as RecordFieldFile;
    const loss = target.map.losses.fromCanonical.find((l) => l.field === field.name);
    const setBy = setter(field);
    const entry = loss
      ? shared<UnmappedField>({
          field: field.name,
          code: "no-canonical-field",
          setBy,
          required: field.required,
          reason: say.lostOnTheWayOut(
            field.name,
            { en: loss.note, ja: loss.noteJa },
            { setBy, body: target.grantedBy },
          ),
        })
      : undefined;
    this.lostOutAt[index] = entry ?? null;
    return entry;
  }

  /** A canonical value at `path` the target format has no field for. */
  noTargetField(path: string): UnmappedField {
    const cached = this.noTargetAt.get(path);
    if (cached) return cached;
    const { source, target } = this.direction;
    const entry = shared<UnmappedField>({
      field: `canonical.${path}`,
      code: "no-target-field",
      setBy: null,
      required: false,
      reason: say.noTargetField(path, target.formatName, source.id),
    });
    this.noTargetAt.set(path, entry);
    return entry;
  }

  /** The source fields its map declares lost on the way into the canonical record. */
  notCarried(): readonly UnmappedField[] {
    if (this.lostIn) return this.lostIn;
    const { source } = this.direction;
    this.lostIn = source.map.losses.toCanonical.map((loss) =>
      shared<UnmappedField>({
        field: `${source.id}.${loss.field}`,
        code: "not-carried",
        setBy: source.fields.find((f) => f.name === loss.field)?.setBy ?? null,
        required: false,
        reason: say.lostOnTheWayIn(loss.field, { en: loss.note, ja: loss.noteJa }, source.id),
      }),
    );
    return this.lostIn;
  }
}

function setter(field: RecordFieldFile): FieldSetter {
  return field.setBy ?? "product";
}
