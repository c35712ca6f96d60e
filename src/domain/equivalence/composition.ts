import type { Relationship } from "../../contracts/crosswalk.ts";

/**
 * Chaining two crosswalk rows through the hub (A→H, then H→B); the table and why it is sound are in
 * docs/data-model.md, "Derived matches".
 * Sound for non-empty sets; `undefined` is the table's "?" — nothing can be said, so no derived row is made.
 * A derived `intersects-with` means "overlaps, possibly more": a safe lower bound.
 */
const order: readonly Relationship[] = ["equal", "subset-of", "superset-of", "intersects-with", "not-related"];
const table: readonly (readonly (Relationship | undefined)[])[] = [
  /* equal        */ ["equal", "subset-of", "superset-of", "intersects-with", "not-related"],
  /* subset-of    */ ["subset-of", "subset-of", undefined, undefined, "not-related"],
  /* superset-of  */ ["superset-of", "intersects-with", "superset-of", "intersects-with", undefined],
  /* intersects   */ ["intersects-with", "intersects-with", undefined, undefined, undefined],
  /* not-related  */ ["not-related", undefined, "not-related", undefined, undefined],
];

export function compose(first: Relationship, second: Relationship): Relationship | undefined {
  return table[order.indexOf(first)]?.[order.indexOf(second)];
}

/** Whether a row with this relationship (source REL target) means the source fully covers the target. */
export function covers(relationship: Relationship): boolean {
  return relationship === "equal" || relationship === "superset-of";
}

/** Whether it means partial coverage: some of the target is met, some still required. */
export function overlaps(relationship: Relationship): boolean {
  return relationship === "subset-of" || relationship === "intersects-with";
}
