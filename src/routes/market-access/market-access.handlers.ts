import { marketAccessKey } from "../../cache/keys.ts";
import type { CompiledScheme } from "../../catalog/model.ts";
import type { Label } from "../../domain/market-access/label-status.ts";
import { answerMarketAccess } from "../../domain/market-access/market-access.ts";
import { catalogAnswer } from "../../lib/catalog-etag.ts";
import { notFound } from "../../lib/problem.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { cachedAnswer } from "../cached-answer.ts";
import { findScheme, unknownLevel } from "../lookups.ts";
import type * as routes from "./market-access.routes.ts";

export const marketAccess: AppRouteHandler<typeof routes.marketAccess> = async (c) => {
  const query = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  let label: Label | undefined;
  if (query.label) {
    const [schemeId = "", levelId = ""] = query.label.split(":");
    const scheme = findScheme(catalog, schemeId, "/query/label");
    const level = catalog.level(schemeId, levelId);
    if (!level) throw unknownLevel("/query/label", scheme, levelId);
    label = { scheme, level };
  }
  if (!catalog.category(query.category)) {
    throw notFound("/query/category", `product category "${query.category}" is not in the vocabulary`);
  }
  // ISO 3166 reserves UK for the United Kingdom, whose code is GB: both are understood.
  const market = query.market?.toUpperCase() === "UK" ? "GB" : query.market?.toUpperCase();
  if (market && !catalog.market(market)) {
    throw notFound("/query/market", `no market-access rules are held for "${query.market}"`);
  }
  const asOf = query.asOf ?? clock.today();
  const answer = catalogAnswer(c, () => null, asOf);
  if (answer instanceof Response) return answer;
  const engine = c.var.engine;
  const recognize = (from: Label, target: CompiledScheme) =>
    engine.answer({ from, to: { scheme: target, level: undefined }, asOf, category: query.category });
  return cachedAnswer(c, marketAccessKey(catalog.digest, query.label, query.category, asOf, market), () =>
    answerMarketAccess(catalog, recognize, { label, category: query.category, asOf, market }),
  );
};
