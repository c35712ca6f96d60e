import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { Arrangement, CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { LegalRule, Statement } from "../../contracts/equivalence.ts";
import { ruleDates, ruleInForce } from "../in-force.ts";
import { categoryName, type Reason, reason } from "./not-applied-reason.ts";
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
  notApplied: { arrangement: string; title: string; rule: string; reason: string; reasonJa: string }[];
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
      const why =
        query.to.level && rule.to.level !== query.to.level.id
          ? grantsAnother(catalog, rule, query.to.level.id)
          : whyNot(catalog, arrangement, rule, query);
      if (why) {
        notApplied.push({
          arrangement: arrangement.id,
          title: arrangement.title,
          rule: rule.id,
          reason: why.en,
          reasonJa: why.ja,
        });
      } else rules.push(describe(catalog, arrangement, rule, query));
    }
  }
  return { rules, notApplied, statements };
}

/** The rule grants another level of the target than the one asked about. */
function grantsAnother(catalog: CatalogIndex, rule: Rule, asked: string): Reason {
  const target = rule.to.scheme;
  return reason((t, lang) =>
    lang === "en"
      ? t("reason.grantsAnother", { granted: `${target} ${rule.to.level}`, asked })
      : t("reason.grantsAnother", {
          granted: `${shortSchemeName(catalog, target, lang)} ${levelName(catalog, target, rule.to.level, lang)}`,
          asked: levelName(catalog, target, asked, lang),
        }),
  );
}

function whyNot(catalog: CatalogIndex, arrangement: Arrangement, rule: Rule, query: LegalQuery): Reason | undefined {
  const { from, to } = ruleDates(arrangement, rule);
  const { asOf } = query;
  if (!ruleInForce(arrangement, rule, asOf)) {
    if (from && asOf < from) return reason((t) => t("reason.notYetInForce", { asOf, from }));
    if (to && asOf > to) return reason((t) => t("reason.noLongerInForce", { asOf, to }));
    return reason((t, lang) =>
      t("reason.notInForce", {
        status:
          lang === "en" ? arrangement.status : t(`arrangementStatus.${arrangement.status}` as Parameters<typeof t>[0]),
      }),
    );
  }
  const minimum = catalog.level(rule.from.scheme, rule.from.minLevel);
  if (minimum && query.from.level.ordinal < minimum.ordinal) {
    // Reasons are prose a person reads on the compare page: names, not ids.
    return reason((t, lang) =>
      t("reason.requiresLevel", {
        level: `${shortSchemeName(catalog, rule.from.scheme, lang)} ${levelName(catalog, rule.from.scheme, rule.from.minLevel, lang)}`,
      }),
    );
  }
  const version = query.from.version ?? query.from.level.version;
  const versions = rule.from.versions;
  if (versions && !(version && versions.includes(version))) {
    return reason((t, lang) => {
      const level =
        lang === "en" ? query.from.level.name : levelName(catalog, query.from.scheme.id, query.from.level.id, lang);
      const label = query.from.version
        ? t("reason.labelIssuedAgainst", { version: version ?? "" })
        : version
          ? t("reason.levelDefinedBy", { level, version })
          : t("reason.levelUnpublished", { level });
      return t("reason.appliesToVersions", { versions: versions.join(t("reason.or")), label });
    });
  }
  if (query.category && rule.productScope) {
    const category = query.category;
    const lineage = catalog.categoryLineage(category);
    const { include, exclude } = rule.productScope;
    if (exclude?.some((c) => lineage.includes(c))) {
      return reason((t, lang) => t("reason.categoryExcluded", { category: categoryName(catalog, category, lang) }));
    }
    if (include && !include.some((c) => lineage.includes(c))) {
      return reason((t, lang) =>
        t("reason.categoryOutside", {
          category: categoryName(catalog, category, lang),
          included: include.map((c) => categoryName(catalog, c, lang)).join(t("reason.listSeparator")),
        }),
      );
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
