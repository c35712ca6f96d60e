import type { SchemeFile } from "../../contracts/scheme.ts";
import { nativeRecordSchema } from "../../record-formats/native-schema.ts";
import type { SourceFile } from "../source-file.ts";
import { type CheckContext, checkDateOrder, checkFileName, checkUnique } from "./check-context.ts";
import { checkProvenance } from "./provenance-checks.ts";

/** Invariants of each scheme file that its zod shape cannot express. */
export function checkSchemes(ctx: CheckContext): void {
  const seenIds = new Map<string, string>();
  for (const { file, data: scheme } of ctx.files.schemes) {
    checkFileName(ctx, file, scheme.id);
    const firstFile = seenIds.get(scheme.id);
    if (firstFile) ctx.report(file, ["id"], `scheme id "${scheme.id}" is already used by ${firstFile}`);
    seenIds.set(scheme.id, file.path);

    checkUnique(
      ctx,
      file,
      scheme.versions,
      (v) => v.id,
      (i) => ["versions", i, "id"],
      "version id",
    );
    checkUnique(
      ctx,
      file,
      scheme.levels,
      (l) => l.id,
      (i) => ["levels", i, "id"],
      "level id",
    );
    checkUnique(
      ctx,
      file,
      scheme.requirements,
      (r) => r.id,
      (i) => ["requirements", i, "id"],
      "requirement id",
    );

    const versionIds = new Set(scheme.versions.map((v) => v.id));
    const requirementIds = new Set(scheme.requirements.map((r) => r.id));

    scheme.versions.forEach((version, i) => {
      checkDateOrder(
        ctx,
        file,
        ["versions", i],
        { name: "effectiveFrom", value: version.effectiveFrom },
        { name: "effectiveTo", value: version.effectiveTo },
      );
      checkDateOrder(
        ctx,
        file,
        ["versions", i],
        { name: "effectiveFrom", value: version.effectiveFrom },
        { name: "appliesFrom", value: version.appliesFrom },
      );
    });

    const claimedBy = new Map<string, string>();
    scheme.levels.forEach((level, i) => {
      const previous = scheme.levels[i - 1];
      if (previous && level.ordinal <= previous.ordinal) {
        ctx.report(
          file,
          ["levels", i, "ordinal"],
          `ordinal ${level.ordinal} must be greater than ${previous.ordinal} (${previous.id}): levels are listed in strict order`,
        );
      }
      if (level.version && !versionIds.has(level.version)) {
        ctx.report(file, ["levels", i, "version"], `unknown version "${level.version}"`);
      }
      if (level.includes !== undefined) {
        // Levels are listed in ordinal order (checked above), so "lower" means "listed before".
        const includedAt = scheme.levels.findIndex((l) => l.id === level.includes);
        if (includedAt < 0) ctx.report(file, ["levels", i, "includes"], `unknown level "${level.includes}"`);
        else if (includedAt >= i) {
          ctx.report(
            file,
            ["levels", i, "includes"],
            `a level can only include a lower level; "${level.includes}" is not`,
          );
        }
      }
      if (scheme.cumulativeLevels && previous && level.includes !== previous.id) {
        ctx.report(
          file,
          ["levels", i, "includes"],
          `cumulative levels: must include the level below, "${previous.id}"`,
        );
      }
      level.requirements.forEach((ref, j) => {
        if (!requirementIds.has(ref))
          ctx.report(file, ["levels", i, "requirements", j], `unknown requirement "${ref}"`);
        const owner = claimedBy.get(ref);
        if (owner)
          ctx.report(file, ["levels", i, "requirements", j], `requirement "${ref}" is already added by level ${owner}`);
        claimedBy.set(ref, level.id);
      });
      ctx.checkCategories(file, ["levels", i, "productScope", "include"], level.productScope?.include);
      ctx.checkCategories(file, ["levels", i, "productScope", "exclude"], level.productScope?.exclude);
    });

    scheme.requirements.forEach((requirement, i) => {
      if (requirement.version && !versionIds.has(requirement.version)) {
        ctx.report(file, ["requirements", i, "version"], `unknown version "${requirement.version}"`);
      }
      if (requirement.normativity.startsWith("conditional") && !requirement.condition) {
        ctx.report(file, ["requirements", i, "condition"], "a conditional requirement must state its condition");
      }
      if (requirement.title === null && requirement.provenance.confidence !== "unconfirmed" && !requirement.summary) {
        ctx.report(
          file,
          ["requirements", i, "title"],
          "a requirement with no title needs a summary or an unconfirmed provenance",
        );
      }
    });

    scheme.productCategories.forEach((mapping, i) => {
      if (!ctx.categories.has(mapping.category)) {
        ctx.report(file, ["productCategories", i, "category"], `unknown product category "${mapping.category}"`);
      }
    });

    if (scheme.recordFormat) checkRecordFormat(ctx, file, scheme.recordFormat);
    if (scheme.requirements.length === 0 && !scheme.provenance.note) {
      ctx.report(
        file,
        ["requirements"],
        "a scheme without requirements must say in provenance.note why none are given",
      );
    }
    checkProvenance(ctx, file, scheme, scheme.sources);
  }
}

/** A native record declaration: every field classified (setBy), unique field names, enum values only on enums, valid patterns, a valid sample. */
function checkRecordFormat(ctx: CheckContext, file: SourceFile, format: NonNullable<SchemeFile["recordFormat"]>): void {
  const at = ["recordFormat"];
  checkUnique(
    ctx,
    file,
    format.fields,
    (f) => f.name,
    (i) => [...at, "fields", i, "name"],
    "field name",
  );
  let declarationValid = true;
  format.fields.forEach((field, i) => {
    if (field.setBy === undefined) {
      ctx.report(
        file,
        [...at, "fields", i, "setBy"],
        `field "${field.name}" does not say who sets it: setBy grant (the issuing body), declaration (the manufacturer's signed document) or product`,
      );
    }
    if ((field.type === "enum") !== (field.values !== undefined)) {
      declarationValid = false;
      ctx.report(file, [...at, "fields", i, "values"], "values go with type enum, and enum needs values");
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern);
      } catch {
        declarationValid = false;
        ctx.report(file, [...at, "fields", i, "pattern"], `"${field.pattern}" is not a valid regular expression`);
      }
    }
  });
  if (!declarationValid) return;
  const result = nativeRecordSchema(format.fields).safeParse(format.sample);
  if (!result.success) {
    for (const issue of result.error.issues) {
      ctx.report(file, [...at, "sample", ...issue.path], `sample does not match the declared fields: ${issue.message}`);
    }
  }
}

/** Exactly one home scheme (what the matrix translates from) and at most one hub (where crosswalks meet). */
export function checkRoles(ctx: CheckContext): void {
  const homes = ctx.files.schemes.filter(({ data }) => data.role === "home");
  const hubs = ctx.files.schemes.filter(({ data }) => data.role === "hub");
  for (const extra of homes.slice(1))
    ctx.report(extra.file, ["role"], `a second home scheme (first: ${homes[0]?.data.id})`);
  if (homes.length === 0 && ctx.files.schemes[0])
    ctx.report(ctx.files.schemes[0].file, ["role"], "no scheme has role home");
  for (const extra of hubs.slice(1)) ctx.report(extra.file, ["role"], `a second hub (first: ${hubs[0]?.data.id})`);
  for (const hub of hubs) {
    if (hub.data.kind !== "standard") ctx.report(hub.file, ["role"], "the hub must be a standard");
  }
}

/** The vocabulary: one file, unique terms, every `broader` resolving, no cycles. */
export function checkVocabulary(ctx: CheckContext): void {
  if (ctx.files.vocabularies.length !== 1) {
    const file = ctx.files.vocabularies[1]?.file ?? ctx.files.schemes[0]?.file;
    if (file) ctx.report(file, [], `expected exactly one vocabulary file, found ${ctx.files.vocabularies.length}`);
  }
  for (const { file, data } of ctx.files.vocabularies) {
    checkUnique(
      ctx,
      file,
      data.categories,
      (c) => c.id,
      (i) => ["categories", i, "id"],
      "category id",
    );
    data.categories.forEach((category, i) => {
      if (category.broader === undefined) return;
      if (!ctx.categories.has(category.broader)) {
        ctx.report(file, ["categories", i, "broader"], `unknown category "${category.broader}"`);
        return;
      }
      // Walk up from this term; a cycle is reported by the term it returns to, once, not by every term above it.
      const seen = new Set<string>();
      let cursor = ctx.categories.get(category.broader);
      while (cursor && !seen.has(cursor.id)) {
        if (cursor.id === category.id) {
          const members = [category.id, ...seen];
          const first = data.categories.findIndex((c) => members.includes(c.id));
          if (first === i) {
            ctx.report(
              file,
              ["categories", i, "broader"],
              `"${category.id}" is its own broader term (cycle: ${members.join(" → ")})`,
            );
          }
          break;
        }
        seen.add(cursor.id);
        cursor = cursor.broader ? ctx.categories.get(cursor.broader) : undefined;
      }
    });
  }
}
