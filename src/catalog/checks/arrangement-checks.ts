import { type CheckContext, checkDateOrder, checkFileName, checkUnique } from "./check-context.ts";
import { checkProvenance } from "./provenance-checks.ts";

/**
 * Arrangement invariants: every scheme, level, version and exempted requirement resolves; rules are directional
 * between two different schemes that the arrangement declares; dates run signed ≤ effective-from ≤ effective-to; and
 * "no arrangement" records really hold no rules; only a recognising rule says the label stands for target fields.
 */
export function checkArrangements(ctx: CheckContext): void {
  const ids = new Map<string, string>();
  for (const { file, data: arrangement } of ctx.files.arrangements) {
    checkFileName(ctx, file, arrangement.id);
    const other = ids.get(arrangement.id);
    if (other) ctx.report(file, ["id"], `arrangement id "${arrangement.id}" is already used by ${other}`);
    ids.set(arrangement.id, file.path);

    arrangement.schemes.forEach((id, i) => {
      if (!ctx.schemes.has(id)) ctx.report(file, ["schemes", i], `unknown scheme "${id}"`);
    });
    checkDateOrder(
      ctx,
      file,
      [],
      { name: "signed", value: arrangement.signed },
      { name: "effectiveFrom", value: arrangement.effectiveFrom },
    );
    checkDateOrder(
      ctx,
      file,
      [],
      { name: "effectiveFrom", value: arrangement.effectiveFrom },
      { name: "effectiveTo", value: arrangement.effectiveTo },
    );

    const none = arrangement.status === "no-arrangement";
    if (none !== (arrangement.instrument === "none")) {
      ctx.report(file, ["instrument"], 'instrument "none" goes with status "no-arrangement", and only with it');
    }
    if (none && arrangement.rules.length > 0) ctx.report(file, ["rules"], "a no-arrangement record cannot hold rules");
    // A signed instrument whose terms no source states is recorded (status "signed") without inventing rules.
    if (!none && arrangement.instrument !== "joint-statement" && arrangement.status !== "signed") {
      if (arrangement.rules.length === 0) {
        ctx.report(file, ["rules"], "an arrangement must state at least one directional rule");
      }
    }

    checkUnique(
      ctx,
      file,
      arrangement.rules,
      (r) => r.id,
      (i) => ["rules", i, "id"],
      "rule id",
    );
    arrangement.rules.forEach((rule, i) => {
      const at = ["rules", i];
      const from = ctx.schemes.get(rule.from.scheme)?.data;
      const to = ctx.schemes.get(rule.to.scheme)?.data;
      if (!from) ctx.report(file, [...at, "from", "scheme"], `unknown scheme "${rule.from.scheme}"`);
      if (!to) ctx.report(file, [...at, "to", "scheme"], `unknown scheme "${rule.to.scheme}"`);
      if (rule.from.scheme === rule.to.scheme)
        ctx.report(file, [...at, "to", "scheme"], "a rule must go from one scheme to another");
      // Only a rule that recognises the label can let it stand for part of the target's own record.
      if (
        (rule.standsFor ?? []).length > 0 &&
        rule.effect !== "deemed-compliance" &&
        rule.effect !== "full-recognition"
      )
        ctx.report(
          file,
          [...at, "standsFor"],
          `a ${rule.effect} rule cannot stand for the target's grant or declaration (only full-recognition or deemed-compliance)`,
        );
      for (const side of ["from", "to"] as const) {
        if (!arrangement.schemes.includes(rule[side].scheme)) {
          ctx.report(
            file,
            [...at, side, "scheme"],
            `"${rule[side].scheme}" is not listed in the arrangement's schemes`,
          );
        }
      }
      if (from && !from.levels.some((l) => l.id === rule.from.minLevel)) {
        ctx.report(file, [...at, "from", "minLevel"], `unknown level "${rule.from.minLevel}" of ${from.id}`);
      }
      rule.from.versions?.forEach((version, j) => {
        if (from && !from.versions.some((v) => v.id === version)) {
          ctx.report(file, [...at, "from", "versions", j], `unknown version "${version}" of ${from.id}`);
        }
      });
      if (to && !to.levels.some((l) => l.id === rule.to.level)) {
        ctx.report(file, [...at, "to", "level"], `unknown level "${rule.to.level}" of ${to.id}`);
      } else if (to) {
        const required = ctx.cumulativeRequirements(to, rule.to.level);
        rule.exemptRequirements.forEach((ref, j) => {
          if (!required.has(ref)) {
            ctx.report(
              file,
              [...at, "exemptRequirements", j],
              `"${ref}" is not a requirement of ${to.id} ${rule.to.level}`,
            );
          }
        });
      }
      if (rule.effect === "requirement-exemption" && rule.exemptRequirements.length === 0) {
        ctx.report(file, [...at, "exemptRequirements"], "a requirement exemption must name the exempted requirements");
      }
      ctx.checkCategories(file, [...at, "productScope", "include"], rule.productScope?.include);
      ctx.checkCategories(file, [...at, "productScope", "exclude"], rule.productScope?.exclude);
      // The arrangement's own dates are checked above; a rule is checked only where it sets its own.
      if (rule.effectiveFrom || rule.effectiveTo) {
        checkDateOrder(
          ctx,
          file,
          at,
          { name: "effectiveFrom", value: rule.effectiveFrom ?? arrangement.effectiveFrom },
          { name: "effectiveTo", value: rule.effectiveTo ?? arrangement.effectiveTo },
        );
      }
      if (!rule.effectiveFrom && !arrangement.effectiveFrom) {
        ctx.report(file, [...at, "effectiveFrom"], "a rule needs an effective date, on the rule or the arrangement");
      }
    });

    checkProvenance(ctx, file, arrangement, arrangement.sources);
  }
}
