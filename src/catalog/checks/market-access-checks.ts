import type { MarketAccessFile } from "../../contracts/market-access.ts";
import type { SourceFile } from "../source-file.ts";
import { type CheckContext, checkDateOrder, checkUnique } from "./check-context.ts";
import { checkProvenance } from "./provenance-checks.ts";

type Rule = MarketAccessFile["rules"][number];

/**
 * Market-access invariants: one file per market, named after it; every scheme, level and category resolves; dates
 * run in order; an exception narrows its rule (it names categories the rule reaches, from a date inside the rule's);
 * and no two rules asking for the same scheme for the same category on overlapping dates (and the same audience:
 * every seller, or procurement buyers) disagree on the obligation or the minimum level — a market cannot both require CLS Level 1 and Level 2 of a router on one day.
 */
export function checkMarketAccess(ctx: CheckContext): void {
  const markets = new Map<string, string>();
  for (const { file, data: market } of ctx.files.marketAccess) {
    const base = file.path
      .split("/")
      .pop()
      ?.replace(/\.ya?ml$/, "");
    if (base !== market.market) {
      ctx.report(file, ["market"], `market "${market.market}" must match the file name "${base}"`);
    }
    const other = markets.get(market.market);
    if (other) ctx.report(file, ["market"], `market "${market.market}" is already described by ${other}`);
    markets.set(market.market, file.path);

    checkUnique(
      ctx,
      file,
      market.rules,
      (r) => r.id,
      (i) => ["rules", i, "id"],
      "rule id",
    );
    checkUnique(
      ctx,
      file,
      market.announcements,
      (a) => a.id,
      (i) => ["announcements", i, "id"],
      "announcement id",
    );
    market.rules.forEach((rule, i) => {
      checkRule(ctx, file, rule, ["rules", i]);
    });
    market.announcements.forEach((announcement, i) => {
      const at = ["announcements", i];
      ctx.checkCategories(file, [...at, "categories"], announcement.categories);
      if (announcement.minLevel && !announcement.scheme) {
        ctx.report(file, [...at, "minLevel"], "a minimum level needs the scheme it belongs to");
      } else if (announcement.scheme) {
        checkSchemeLevel(ctx, file, at, announcement.scheme, announcement.minLevel);
      }
    });
    checkContradictions(ctx, file, market.rules);
    checkProvenance(ctx, file, market, market.sources);
  }
}

function checkRule(ctx: CheckContext, file: SourceFile, rule: Rule, at: readonly PropertyKey[]): void {
  ctx.checkCategories(file, [...at, "categories"], rule.categories);
  checkSchemeLevel(ctx, file, at, rule.scheme, rule.minLevel);
  checkDateOrder(
    ctx,
    file,
    at,
    { name: "effectiveFrom", value: rule.effectiveFrom },
    { name: "effectiveTo", value: rule.effectiveTo },
  );
  rule.exceptions.forEach((exception, j) => {
    const exAt = [...at, "exceptions", j];
    exception.categories.forEach((category, k) => {
      if (!ctx.categories.has(category)) {
        ctx.report(file, [...exAt, "categories", k], `unknown product category "${category}"`);
      } else if (!lineage(ctx, category).some((c) => rule.categories.includes(c))) {
        ctx.report(
          file,
          [...exAt, "categories", k],
          `"${category}" is not reached by the rule (${rule.categories.join(", ")}), so it cannot be excepted`,
        );
      }
    });
    if (exception.effectiveFrom) {
      checkDateOrder(
        ctx,
        file,
        exAt,
        { name: "the rule's effectiveFrom", value: rule.effectiveFrom },
        { name: "effectiveFrom", value: exception.effectiveFrom },
      );
      if (rule.effectiveTo && exception.effectiveFrom > rule.effectiveTo) {
        ctx.report(file, [...exAt, "effectiveFrom"], `starts after the rule ends (${rule.effectiveTo})`);
      }
    }
  });
}

function checkSchemeLevel(
  ctx: CheckContext,
  file: SourceFile,
  at: readonly PropertyKey[],
  schemeId: string,
  levelId: string | undefined,
): void {
  const scheme = ctx.schemes.get(schemeId)?.data;
  if (!scheme) {
    ctx.report(file, [...at, "scheme"], `unknown scheme "${schemeId}"`);
    return;
  }
  if (levelId && !scheme.levels.some((l) => l.id === levelId)) {
    ctx.report(file, [...at, "minLevel"], `unknown level "${levelId}" of ${scheme.id}`);
  }
}

/** Rules for one scheme whose categories meet and whose dates overlap must agree; identical ones are duplicates. */
function checkContradictions(ctx: CheckContext, file: SourceFile, rules: readonly Rule[]): void {
  rules.forEach((later, j) => {
    for (const earlier of rules.slice(0, j)) {
      if (earlier.scheme !== later.scheme || !datesOverlap(earlier, later)) continue;
      // What some buyers ask (procurement) sits beside what every seller must or may do; it cannot contradict it.
      if ((earlier.obligation === "procurement") !== (later.obligation === "procurement")) continue;
      // A duty (reporting, say) binds beside whatever label a rule asks for; it cannot contradict one either.
      if ((earlier.obligation === "duty") !== (later.obligation === "duty")) continue;
      const shared = sharedCategory(ctx, earlier, later);
      if (!shared) continue;
      const same = earlier.obligation === later.obligation && earlier.minLevel === later.minLevel;
      const what = same
        ? `duplicates rule "${earlier.id}"`
        : `contradicts rule "${earlier.id}" (${earlier.obligation} ${earlier.minLevel} vs ${later.obligation} ${later.minLevel})`;
      ctx.report(
        file,
        [...["rules", j], "minLevel"],
        `${what}: both ask ${later.scheme} of ${shared} on overlapping dates`,
      );
      return;
    }
  });
}

/**
 * The narrowest category both rules reach that neither excepts from the start of their overlap: where a router rule
 * is mandatory and a consumer-IoT rule excepts routers, the two never meet.
 */
function sharedCategory(ctx: CheckContext, a: Rule, b: Rule): string | undefined {
  const overlapFrom = [a.effectiveFrom, b.effectiveFrom].sort()[1] ?? a.effectiveFrom; // ISO dates sort as text
  const excepted = (rule: Rule, category: string) =>
    rule.exceptions.some(
      (e) =>
        (!e.effectiveFrom || e.effectiveFrom <= overlapFrom) &&
        e.categories.some((c) => lineage(ctx, category).includes(c)),
    );
  for (const x of a.categories) {
    for (const y of b.categories) {
      const narrower = lineage(ctx, x).includes(y) ? x : lineage(ctx, y).includes(x) ? y : undefined;
      if (narrower && !excepted(a, narrower) && !excepted(b, narrower)) return narrower;
    }
  }
  return undefined;
}

function datesOverlap(a: Rule, b: Rule): boolean {
  const aTo = a.effectiveTo ?? "9999-12-31";
  const bTo = b.effectiveTo ?? "9999-12-31";
  return a.effectiveFrom <= bTo && b.effectiveFrom <= aTo;
}

/** The category and every broader term above it. */
function lineage(ctx: CheckContext, id: string): string[] {
  const out: string[] = [];
  let cursor = ctx.categories.get(id);
  while (cursor && !out.includes(cursor.id)) {
    out.push(cursor.id);
    cursor = cursor.broader ? ctx.categories.get(cursor.broader) : undefined;
  }
  return out;
}
