import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { Market } from "../../catalog/model.ts";
import type { Confidence, Provenance } from "../../contracts/common.ts";
import type { MarketAccessAnswer, MarketAnswer, MarketRuleAnswer } from "../../contracts/market-access-answer.ts";
import { weakestConfidence } from "../confidence.ts";
import { type Label, labelStatus, type Recognize, type RuleStatus, statusOrder } from "./label-status.ts";
import { nextStepsFor } from "./next-steps.ts";

type MarketRule = Market["rules"][number];

export interface MarketAccessQuery {
  label: Label | undefined;
  category: string;
  asOf: string;
  /** One market, or every market when undefined. */
  market: string | undefined;
}

/**
 * Where a product of a category can be sold on a date, and on what terms: per market, the rules in force that reach
 * the category (its narrower terms included, exceptions honoured), and for a label whether it meets each. Recognition
 * comes from the equivalence engine (`recognize`); nothing here reads arrangements. Pure: same catalog and query, same
 * answer.
 */
export function answerMarketAccess(
  catalog: CatalogIndex,
  recognize: Recognize,
  query: MarketAccessQuery,
): MarketAccessAnswer {
  const lineage = catalog.categoryLineage(query.category);
  const markets = catalog
    .markets()
    .filter((m) => !query.market || m.market === query.market)
    .map((market) => answerMarket(catalog, recognize, market, lineage, query));
  return {
    label: query.label ? { scheme: query.label.scheme.id, level: query.label.level.id } : null,
    category: query.category,
    asOf: query.asOf,
    markets,
    provenance: {
      catalogDigest: catalog.digest,
      confidence: weakestConfidence(markets.map((m) => m.confidence)),
      arrangements: [
        ...new Set(markets.flatMap((m) => m.rules.flatMap((r) => r.routes.map((x) => x.arrangement)))),
      ].sort(),
    },
  };
}

function answerMarket(
  catalog: CatalogIndex,
  recognize: Recognize,
  market: Market,
  lineage: readonly string[],
  query: MarketAccessQuery,
): MarketAnswer {
  const reaching = market.rules.filter((rule) => rule.categories.some((c) => lineage.includes(c)));
  const inForce = reaching.filter(
    (rule) => rule.effectiveFrom <= query.asOf && (!rule.effectiveTo || query.asOf <= rule.effectiveTo),
  );
  const exceptionOf = (rule: MarketRule) =>
    rule.exceptions.find(
      (e) => (!e.effectiveFrom || e.effectiveFrom <= query.asOf) && e.categories.some((c) => lineage.includes(c)),
    );
  const applying = inForce.filter((rule) => !exceptionOf(rule));
  const rules = applying.map((rule) => answerRule(catalog, recognize, market, rule, query));
  const excepted = inForce.flatMap((rule) => {
    const exception = exceptionOf(rule);
    return exception
      ? [
          {
            rule: rule.id,
            scheme: rule.scheme,
            exception: exception.text,
            sources: cited(market, exception.provenance),
            confidence: exception.provenance.confidence,
          },
        ]
      : [];
  });
  const upcoming = reaching
    .filter((rule) => rule.effectiveFrom > query.asOf)
    .map((rule) => ({
      rule: rule.id,
      obligation: rule.obligation,
      scheme: rule.scheme,
      minLevel: rule.minLevel,
      effectiveFrom: rule.effectiveFrom,
      summary: rule.summary,
      confidence: rule.provenance.confidence,
    }));
  // An announcement (of a requirement to sell) is recorded as a rule once a mandatory rule in force asks its scheme at
  // its level or higher; a voluntary or procurement rule for the same label records nothing of the kind.
  const recorded = (a: Market["announcements"][number]) =>
    applying.some((rule) => {
      if (rule.obligation !== "mandatory" || !a.scheme || rule.scheme !== a.scheme) return false;
      const announced = a.minLevel ? catalog.level(a.scheme, a.minLevel) : undefined;
      const asked = catalog.level(rule.scheme, rule.minLevel);
      return !announced || Boolean(asked && asked.ordinal >= announced.ordinal);
    });
  const announcements = market.announcements
    .filter((a) => a.announced <= query.asOf && a.categories.some((c) => lineage.includes(c)))
    .map((a) => ({
      id: a.id,
      announced: a.announced,
      scheme: a.scheme ?? null,
      minLevel: a.minLevel ?? null,
      expected: a.expected,
      expectedBy: a.expectedBy ?? null,
      overdue: Boolean(a.expectedBy && a.expectedBy < query.asOf && !recorded(a)),
      summary: a.summary,
      confidence: a.provenance.confidence,
    }));
  const mandatory = rules.filter((r) => r.obligation === "mandatory");
  const confidences: Confidence[] = [
    market.provenance.confidence,
    ...rules.map((r) => r.confidence),
    ...excepted.map((e) => e.confidence),
  ];
  return {
    market: market.market,
    name: market.name,
    required: mandatory.length > 0,
    status: query.label ? marketStatus(mandatory.map((r) => r.status)) : null,
    rules,
    excepted,
    upcoming,
    announcements,
    confidence: weakestConfidence(confidences),
  };
}

/** The weakest of the mandatory rules' statuses: a market is only as open as its hardest rule. */
function marketStatus(statuses: readonly (RuleStatus | null)[]): MarketAnswer["status"] {
  if (statuses.length === 0) return "nothing-required";
  let weakest: RuleStatus = "held";
  for (const status of statuses) {
    if (status && statusOrder.indexOf(status) > statusOrder.indexOf(weakest)) weakest = status;
  }
  return weakest;
}

function answerRule(
  catalog: CatalogIndex,
  recognize: Recognize,
  market: Market,
  rule: MarketRule,
  query: MarketAccessQuery,
): MarketRuleAnswer {
  // A duty binds whatever the label: no label meets or waives it, so it has no label status and no routes.
  const { status, routes } =
    query.label && rule.obligation !== "duty"
      ? labelStatus(catalog, rule, query.label, recognize)
      : { status: null, routes: [] };
  const programmeStatus = catalog.scheme(rule.scheme)?.programmeStatus ?? [];
  return {
    rule: rule.id,
    obligation: rule.obligation,
    scheme: rule.scheme,
    minLevel: rule.minLevel,
    levelNote: rule.levelNote ?? null,
    scopeNote: rule.scopeNote ?? null,
    effectiveFrom: rule.effectiveFrom,
    effectiveTo: rule.effectiveTo ?? null,
    legalBasis: rule.legalBasis,
    summary: rule.summary,
    sources: cited(market, rule.provenance),
    status,
    routes,
    programmeStatus,
    nextSteps: nextStepsFor(catalog, rule, query.label, status, routes),
    // Programme status is context with its own provenance per event; the status does not rest on it.
    confidence: weakestConfidence([rule.provenance.confidence, ...routes.map((r) => r.confidence)]),
  };
}

/** Citations resolved against the market file's declared sources. */
function cited(market: Market, provenance: Provenance) {
  return provenance.cites.flatMap((cite) => {
    const source = market.sources[cite.source];
    return source ? [{ title: source.title, url: source.url, locator: cite.locator ?? null, kind: source.kind }] : [];
  });
}
