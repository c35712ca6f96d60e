import { inverseRelationship, type Relationship } from "../../contracts/crosswalk.ts";
import type { SourceFile } from "../source-file.ts";
import { type CheckContext, checkFileName, checkUnique } from "./check-context.ts";
import { checkProvenance } from "./provenance-checks.ts";

interface Statement {
  relationship: Relationship;
  file: SourceFile;
  path: PropertyKey[];
  where: string;
}

/**
 * Crosswalk invariants: schemes, versions and requirements resolve; no scheme maps to itself; no row is stated
 * twice; and across every file, one requirement pair has one relationship — read backwards it must be the inverse
 * (a ⊂ b here, b ⊃ a there), and never `equal` in one place and `not-related` in another.
 */
export function checkCrosswalks(ctx: CheckContext): void {
  const statements = new Map<string, Statement>();
  const setIds = new Map<string, string>();

  for (const { file, data: set } of ctx.files.crosswalks) {
    checkFileName(ctx, file, set.id);
    const other = setIds.get(set.id);
    if (other) ctx.report(file, ["id"], `crosswalk id "${set.id}" is already used by ${other}`);
    setIds.set(set.id, file.path);

    const from = ctx.schemes.get(set.from.scheme)?.data;
    const to = ctx.schemes.get(set.to.scheme)?.data;
    if (!from) ctx.report(file, ["from", "scheme"], `unknown scheme "${set.from.scheme}"`);
    else if (!from.versions.some((v) => v.id === set.from.version)) {
      ctx.report(file, ["from", "version"], `unknown version "${set.from.version}" of ${from.id}`);
    }
    if (!to) ctx.report(file, ["to", "scheme"], `unknown scheme "${set.to.scheme}"`);
    else if (!to.versions.some((v) => v.id === set.to.version)) {
      ctx.report(file, ["to", "version"], `unknown version "${set.to.version}" of ${to.id}`);
    }
    if (set.id !== `${set.from.scheme}__${set.to.scheme}`) {
      ctx.report(file, ["id"], `id must be "${set.from.scheme}__${set.to.scheme}" (from__to)`);
    }
    if (set.from.scheme === set.to.scheme) {
      ctx.report(file, ["to", "scheme"], "a crosswalk cannot map a scheme to itself");
    }

    checkUnique(
      ctx,
      file,
      set.rows,
      (r) => r.id,
      (i) => ["rows", i, "id"],
      "row id",
    );
    const fromIds = new Set(from?.requirements.map((r) => r.id));
    const toIds = new Set(to?.requirements.map((r) => r.id));
    const mappedSources = new Set<string>();
    const mappedTargets = new Set<string>();

    set.rows.forEach((row, i) => {
      const sources = typeof row.source === "string" ? [row.source] : row.source.requirements;
      sources.forEach((ref, j) => {
        const path = typeof row.source === "string" ? ["rows", i, "source"] : ["rows", i, "source", "requirements", j];
        if (from && !fromIds.has(ref)) ctx.report(file, path, `unknown requirement "${ref}" in ${from.id}`);
        mappedSources.add(ref);
      });
      if (typeof row.source !== "string" && new Set(row.source.requirements).size !== row.source.requirements.length) {
        ctx.report(file, ["rows", i, "source", "requirements"], "a group lists a requirement twice");
      }
      if (to && !toIds.has(row.target))
        ctx.report(file, ["rows", i, "target"], `unknown requirement "${row.target}" in ${to.id}`);
      mappedTargets.add(row.target);

      // Pair-level consistency applies to single-source rows; a group has no single inverse.
      if (typeof row.source !== "string") return;
      const forward = `${set.from.scheme}:${row.source}`;
      const backward = `${set.to.scheme}:${row.target}`;
      const reversed = forward > backward;
      const key = reversed ? `${backward}|${forward}` : `${forward}|${backward}`;
      const relationship = reversed ? inverseRelationship(row.relationship) : row.relationship;
      const where = `${file.path} row ${row.id}`;
      const earlier = statements.get(key);
      if (!earlier) {
        statements.set(key, { relationship, file, path: ["rows", i], where });
        return;
      }
      const pair = `${forward} → ${backward}`;
      if (
        new Set([earlier.relationship, relationship]).size === 2 &&
        [earlier.relationship, relationship].every((r) => r === "equal" || r === "not-related")
      ) {
        ctx.report(file, ["rows", i, "relationship"], `${pair} is both equal and not-related (see ${earlier.where})`);
      } else if (earlier.relationship !== relationship) {
        ctx.report(
          file,
          ["rows", i, "relationship"],
          `${pair} contradicts ${earlier.where}: inverse rows must agree (subset-of ↔ superset-of, others symmetric)`,
        );
      } else if (earlier.file === file) {
        ctx.report(file, ["rows", i], `${pair} is stated twice (see ${earlier.where})`);
      }
    });

    set.gaps.forEach((gap, i) => {
      const ids = gap.side === "source" ? fromIds : toIds;
      const mapped = gap.side === "source" ? mappedSources : mappedTargets;
      if (!ids.has(gap.requirement))
        ctx.report(file, ["gaps", i, "requirement"], `unknown requirement "${gap.requirement}"`);
      if (mapped.has(gap.requirement)) {
        ctx.report(file, ["gaps", i, "requirement"], `"${gap.requirement}" is declared a gap but a row maps it`);
      }
      // "Text unknown" keeps the engine from claiming absences; a requirement whose title the scheme gives is known.
      const scheme = gap.side === "source" ? from : to;
      const known = scheme?.requirements.find((r) => r.id === gap.requirement)?.title;
      if (gap.reason === "text-unknown" && known) {
        ctx.report(
          file,
          ["gaps", i, "reason"],
          `"${gap.requirement}" has a title in ${scheme?.id}, so its text is known`,
        );
      }
    });

    checkProvenance(ctx, file, set, set.sources);
  }
}
