import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { Arrangement, CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { LegalRule, Statement } from "../../contracts/equivalence.ts";
import { ruleDates, ruleInForce } from "../in-force.ts";
import { levelName, shortSchemeName } from "./summary.ts";

type Rule = Arrangement["rules"][number];

export interface LegalQuery {
  /** `version`: the criteria a specific label was issued against (from a record); default: the level's own. */
  from: { scheme: CompiledScheme; level: CompiledLevel; version?: string | undefined };
  to: { scheme: CompiledScheme; level: CompiledLevel | undefined };
  asOf: string;
  category: string | undefined;
}

export interface LegalFinding {
  rules: LegalRule[];
  notApplied: { arrangement: string; title: string; rule: string; reason: string }[];
  statements: Statement[];
}

/** Conditions the engine adds to every rule: Kakehashi's own words, written in both languages (src/domain/condition-text.ts). */
export const VALID_LABEL = "The source label must be valid on the date (not expired, suspended or withdrawn).";
export const issuedAgainst = (versions: readonly string[]) =>
  `The label must have been issued against ${versions.join(" or ")}.`;

/**
 * Legal recognition: the arrangement rules in force on `asOf`, in this direction, whose minimum level, pinned
 * versions and product scope the query meets. Rules in this direction that do not apply are listed with the reason,
 * so that "no" is explained, never silent.
 */
export function legalRecognition(catalog: CatalogIndex, query: LegalQuery): LegalFinding {
  const rules: LegalRule[] = [];
  const notApplied: LegalFinding["notApplied"] = [];
  const statements: Statement[] = [];
  for (const arrangement of catalog.arrangements()) {
    const between =
      arrangement.schemes.includes(query.from.scheme.id) && arrangement.schemes.includes(query.to.scheme.id);
    if (between && arrangement.rules.length === 0) {
      statements.push({
        arrangement: arrangement.id,
        title: arrangement.title,
        status: arrangement.status,
        summary: arrangement.summary,
        sources: cited(arrangement, arrangement.provenance.cites),
        confidence: arrangement.provenance.confidence,
      });
    }
    for (const rule of arrangement.rules) {
      if (rule.from.scheme !== query.from.scheme.id || rule.to.scheme !== query.to.scheme.id) continue;
      const reason =
        query.to.level && rule.to.level !== query.to.level.id
          ? `grants ${rule.to.scheme} ${rule.to.level}, not ${query.to.level.id}`
          : whyNot(catalog, arrangement, rule, query);
      if (reason) notApplied.push({ arrangement: arrangement.id, title: arrangement.title, rule: rule.id, reason });
      else rules.push(describe(catalog, arrangement, rule, query));
    }
  }
  return { rules, notApplied, statements };
}

function whyNot(catalog: CatalogIndex, arrangement: Arrangement, rule: Rule, query: LegalQuery): string | undefined {
  const { from, to } = ruleDates(arrangement, rule);
  if (!ruleInForce(arrangement, rule, query.asOf)) {
    if (from && query.asOf < from) return `not yet in force on ${query.asOf} (effective from ${from})`;
    if (to && query.asOf > to) return `no longer in force on ${query.asOf} (effective to ${to})`;
    return `not in force (arrangement status ${arrangement.status})`;
  }
  const minimum = catalog.level(rule.from.scheme, rule.from.minLevel);
  if (minimum && query.from.level.ordinal < minimum.ordinal) {
    // Reasons are prose a person reads on the compare page: names, not ids.
    return `requires ${shortSchemeName(catalog, rule.from.scheme)} ${levelName(catalog, rule.from.scheme, rule.from.minLevel)} or higher`;
  }
  const version = query.from.version ?? query.from.level.version;
  if (rule.from.versions && !(version && rule.from.versions.includes(version))) {
    const what = query.from.version
      ? `the label was issued against ${version}`
      : `${query.from.level.name} is defined by ${version ?? "criteria not yet published"}`;
    return `applies to labels issued against ${rule.from.versions.join(" or ")}; ${what}`;
  }
  if (query.category && rule.productScope) {
    const lineage = catalog.categoryLineage(query.category);
    const { include, exclude } = rule.productScope;
    const name = (id: string) => catalog.category(id)?.label ?? id;
    if (exclude?.some((c) => lineage.includes(c)))
      return `product category ${name(query.category)} is excluded from its scope`;
    if (include && !include.some((c) => lineage.includes(c))) {
      return `product category ${name(query.category)} is outside its scope (${include.map(name).join(", ")})`;
    }
  }
  return undefined;
}

function describe(catalog: CatalogIndex, arrangement: Arrangement, rule: Rule, query: LegalQuery): LegalRule {
  const targetLevel = catalog.level(rule.to.scheme, rule.to.level);
  const required = targetLevel?.allRequirements ?? [];
  const wholeLevel =
    rule.exemptRequirements.length === 0 && (rule.effect === "full-recognition" || rule.effect === "deemed-compliance");
  const exempt = wholeLevel ? required : rule.exemptRequirements;
  const { from, to } = ruleDates(arrangement, rule);
  const conditions = [VALID_LABEL, ...rule.conditions.map((c) => c.text + documents(c.documents))];
  if (rule.from.versions) conditions.push(issuedAgainst(rule.from.versions));
  if (!query.category && rule.productScope) conditions.push(scopeCondition(catalog, rule.productScope));
  return {
    arrangement: arrangement.id,
    title: arrangement.title,
    instrument: arrangement.instrument,
    rule: rule.id,
    effect: rule.effect,
    toLevel: rule.to.level,
    effectiveFrom: from ?? query.asOf,
    effectiveTo: to ?? null,
    exemptRequirements: exempt,
    remainingRequirements: required.filter((r) => !exempt.includes(r)),
    conditions,
    fees: rule.fees,
    sources: cited(arrangement, rule.provenance.cites),
    confidence: rule.provenance.confidence,
  };
}

/** Citations resolved against the arrangement's declared sources: the legal basis, ready to show. */
function cited(arrangement: Arrangement, cites: readonly { source: string; locator?: string | undefined }[]) {
  return cites.flatMap((cite) => {
    const source = arrangement.sources[cite.source];
    return source ? [{ title: source.title, url: source.url, locator: cite.locator ?? null, kind: source.kind }] : [];
  });
}

function documents(list: readonly string[]): string {
  return list.length > 0 ? ` Documents: ${list.join(", ")}.` : "";
}

/** The condition is prose a person reads (on pages, in the CLI): categories by name, not by id. */
export function scopeCondition(catalog: CatalogIndex, scope: NonNullable<Rule["productScope"]>): string {
  const names = (ids: readonly string[]) => ids.map((id) => catalog.category(id)?.label ?? id).join(", ");
  const parts = [
    scope.include ? `only for products in: ${names(scope.include)}` : undefined,
    scope.exclude ? `not for: ${names(scope.exclude)}` : undefined,
  ].filter(Boolean);
  return `Scoped rule — applies ${parts.join("; ")}${scope.note ? ` (${scope.note})` : ""}.`;
}
