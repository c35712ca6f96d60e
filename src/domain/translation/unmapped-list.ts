import type { CanonicalRecord } from "../../contracts/record.ts";
import type { UnmappedField } from "../../contracts/translation.ts";
import type { SchemeFormat } from "./formats.ts";
import type { Standing } from "./recognition.ts";
import { UnmappedEntries } from "./unmapped-entries.ts";

/**
 * Which `unmapped` entries a translation lists. The entries themselves are made once per direction
 * (unmapped-entries.ts); this decides, from the record and the rules in force, which of them apply.
 */
export class UnmappedLists {
  private readonly entries = new Map<string, UnmappedEntries>();

  /**
   * What the target record does not carry, and why: the target's grant and declaration fields (issued by the target's
   * body, declared by the manufacturer, or stood for by a rule), target fields no canonical field holds, canonical
   * values the target has no field for, and source fields no canonical field holds.
   */
  list(
    source: SchemeFormat,
    target: SchemeFormat,
    canonical: CanonicalRecord,
    record: Record<string, unknown>,
    context: { same: boolean; standing: Standing; nativeOriginal: Record<string, unknown> | undefined },
  ): UnmappedField[] {
    const entries = this.entriesFor(source, target);
    const out: UnmappedField[] = [];
    target.fields.forEach((field, index) => {
      if (record[field.name] !== undefined) return;
      const setBy = field.setBy ?? "product";
      if (!context.same && setBy !== "product") {
        const rule = context.standing.get(setBy);
        out.push(rule ? entries.stoodFor(index, setBy, rule) : entries.withheld(index));
        return;
      }
      // A same-scheme round trip restores these from the native original: absent there, absent here, nothing lost.
      const loss = context.nativeOriginal ? undefined : entries.lostOnTheWayOut(index);
      if (loss) out.push(loss);
    });
    for (const path of populatedLeaves(canonical)) {
      if (!target.carries(path)) {
        out.push(entries.noTargetField(path));
      }
    }
    if (!context.nativeOriginal) out.push(...entries.notCarried());
    return out;
  }

  /** The direction's unmapped entries, made once per direction and shared by its translations. */
  private entriesFor(source: SchemeFormat, target: SchemeFormat): UnmappedEntries {
    const key = `${source.scheme.id} ${target.scheme.id}`;
    let entries = this.entries.get(key);
    if (!entries) {
      entries = new UnmappedEntries({
        source: { id: source.scheme.id, fields: source.fields, map: source.map },
        target: {
          id: target.scheme.id,
          fields: target.fields,
          map: target.map,
          grantedBy: target.grantedBy,
          formatName: target.formatName,
        },
      });
      this.entries.set(key, entries);
    }
    return entries;
  }
}

/** Dotted paths of the canonical fields that hold a value (not the native original, nor the results). */
export function populatedLeaves(canonical: CanonicalRecord): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
      return;
    }
    out.push(path);
  };
  const { native: _, requirementResults: __, scheme: ___, status: ____, ...rest } = canonical;
  walk(rest, "");
  return out;
}
