import { equivalenceKey, matrixKey } from "../../cache/keys.ts";
import { catalogAnswer } from "../../lib/catalog-etag.ts";
import { notFound } from "../../lib/problem.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { cachedAnswer } from "../cached-answer.ts";
import { resolveEquivalenceQuery } from "../lookups.ts";
import type * as routes from "./equivalence.routes.ts";

export const equivalence: AppRouteHandler<typeof routes.equivalence> = async (c) => {
  const query = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  const { fromScheme, fromLevel, toScheme, toLevel } = resolveEquivalenceQuery(catalog, query);
  const asOf = query.asOf ?? clock.today();
  const answer = catalogAnswer(c, () => null, asOf);
  if (answer instanceof Response) return answer;
  const key = equivalenceKey(catalog.digest, query.from, query.to, asOf, query.category);
  return cachedAnswer(c, key, () =>
    c.var.engine.answer({
      from: { scheme: fromScheme, level: fromLevel },
      to: { scheme: toScheme, level: toLevel },
      asOf,
      category: query.category,
    }),
  );
};

export const matrix: AppRouteHandler<typeof routes.matrix> = async (c) => {
  const query = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  if (query.category && !catalog.category(query.category)) {
    throw notFound("/query/category", `product category "${query.category}" is not in the vocabulary`);
  }
  const asOf = query.asOf ?? clock.today();
  const answer = catalogAnswer(c, () => null, asOf);
  if (answer instanceof Response) return answer;
  return cachedAnswer(c, matrixKey(catalog.digest, asOf, query.category), () =>
    c.var.engine.matrix(asOf, query.category),
  );
};
