import type { Provenance } from "../../contracts/common.ts";
import type { SourceFile } from "../source-file.ts";
import type { CheckContext } from "./check-context.ts";

type Sources = Record<string, { kind: "primary" | "secondary" }>;

/**
 * Every `provenance` object in a file must hold up: cited keys are declared in the file's `sources`, a `primary`
 * fact cites at least one primary source, a confirmed fact cites something, and an unconfirmed one says why.
 */
export function checkProvenance(ctx: CheckContext, file: SourceFile, data: unknown, sources: Sources): void {
  visit(data, [], (provenance, path) => {
    let undeclared = 0;
    provenance.cites.forEach((cite, index) => {
      if (!sources[cite.source]) {
        undeclared++;
        ctx.report(file, [...path, "cites", index, "source"], `source "${cite.source}" is not declared in sources`);
      }
    });
    if (undeclared > 0) return; // what it rests on is unknown; judging its confidence would only repeat the problem
    if (provenance.confidence !== "unconfirmed" && provenance.cites.length === 0) {
      ctx.report(file, [...path, "cites"], `a ${provenance.confidence} fact must cite a source`);
    }
    if (
      provenance.confidence === "primary" &&
      !provenance.cites.some((cite) => sources[cite.source]?.kind === "primary")
    ) {
      ctx.report(file, [...path, "confidence"], "a primary fact must cite at least one primary source");
    }
    if (provenance.confidence === "unconfirmed" && !provenance.note) {
      ctx.report(file, [...path, "note"], "an unconfirmed fact must say in note why it is not confirmed");
    }
  });
}

function visit(value: unknown, path: PropertyKey[], onProvenance: (p: Provenance, path: PropertyKey[]) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      visit(item, [...path, index], onProvenance);
    });
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "provenance" && child && typeof child === "object") onProvenance(child as Provenance, [...path, key]);
    else if (key !== "sources") visit(child, [...path, key], onProvenance);
  }
}
