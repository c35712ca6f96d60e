import type { RequirementWork } from "../../contracts/scheme.ts";

/** The parts of a coverage level this needs: the answer's own shape, as the API and the typed client give it. */
interface Entry {
  requirement: string;
  title: string | null;
  work: RequirementWork | null;
  provisions: readonly { provision: string; standing: string }[];
}
interface Level {
  partial: readonly Entry[];
  undetermined: readonly Entry[];
  missing: readonly Entry[];
  noMapping: readonly Entry[];
}

export type LeftState = "partial" | "undetermined" | "missing" | "noMapping";

export interface LeftItem {
  requirement: string;
  title: string | null;
  state: LeftState;
  /** Hub provisions behind the requirement that the source level does not (fully) provide, as their ids. */
  provisionsLeft: string[];
}

export interface WorkGroup {
  work: RequirementWork | "unclassified";
  items: LeftItem[];
}

const order: readonly WorkGroup["work"][] = ["technical-change", "documentation", "third-party-test", "unclassified"];

/**
 * What a manufacturer still has to do for one target level, grouped by the kind of work (change the product, write or
 * publish something, have it tested), each requirement with its state and the hub provisions it still lacks. Covered
 * requirements are done; the rest — partial, undetermined, missing, not yet mapped — are listed, in that order.
 */
export function stillToMeet(level: Level): WorkGroup[] {
  const items = (["partial", "undetermined", "missing", "noMapping"] as const).flatMap((state) =>
    level[state].map((entry) => ({ entry, item: leftItem(entry, state) })),
  );
  return order
    .map((work) => ({
      work,
      items: items.filter(({ entry }) => (entry.work ?? "unclassified") === work).map(({ item }) => item),
    }))
    .filter((group) => group.items.length > 0);
}

function leftItem(entry: Entry, state: LeftState): LeftItem {
  return {
    requirement: entry.requirement,
    title: entry.title,
    state,
    provisionsLeft: entry.provisions
      .filter((p) => p.standing !== "provided")
      .map((p) => p.provision.split(":").at(-1) ?? p.provision),
  };
}
