import type { Context } from "hono";
import type { CacheOutcome } from "../../cache/answer-cache.ts";
import { equivalenceKey, matrixKey } from "../../cache/keys.ts";
import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import { catalogAnswer } from "../../lib/catalog-etag.ts";
import { notFound, ProblemError } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { findScheme, unknownLevel } from "../schemes/schemes.handlers.ts";
import type * as routes from "./equivalence.routes.ts";

export const equivalence: AppRouteHandler<typeof routes.equivalence> = async (c) => {
  const query = c.req.valid("query");
  const { catalog, clock, answers } = c.var.deps;
  const { fromScheme, fromLevel, toScheme, toLevel } = resolveEquivalenceQuery(catalog, query);
  const asOf = query.asOf ?? clock.today();
  const answer = catalogAnswer(c, () => null, asOf);
  if (answer instanceof Response) return answer;
  const key = equivalenceKey(catalog.digest, query.from, query.to, asOf, query.category);
  const { value, outcome } = await answers.get(
    key,
    () =>
      JSON.stringify(
        c.var.engine.answer({
          from: { scheme: fromScheme, level: fromLevel },
          to: { scheme: toScheme, level: toLevel },
          asOf,
          category: query.category,
        }),
      ),
    bypassRequested(c),
  );
  return serialized(c, value, outcome);
};

/**
 * The schemes and levels an equivalence question names, or the problem that says why it cannot be asked: unknown ids
 * 404 (pointing at the parameter), the same scheme twice or a target without levels 422.
 */
export function resolveEquivalenceQuery(
  catalog: CatalogIndex,
  query: { from: string; to: string; category?: string | undefined },
) {
  const [fromSchemeId = "", fromLevelId = ""] = query.from.split(":");
  const [toSchemeId = "", toLevelId] = query.to.split(":");
  const fromScheme = findScheme(catalog, fromSchemeId, "/query/from");
  const fromLevel = catalog.level(fromSchemeId, fromLevelId);
  if (!fromLevel) throw unknownLevel("/query/from", fromScheme, fromLevelId);
  const toScheme = findScheme(catalog, toSchemeId, "/query/to");
  const toLevel = toLevelId === undefined ? undefined : catalog.level(toSchemeId, toLevelId);
  if (toLevelId !== undefined && !toLevel) throw unknownLevel("/query/to", toScheme, toLevelId);
  if (query.category && !catalog.category(query.category)) {
    throw notFound("/query/category", `product category "${query.category}" is not in the vocabulary`);
  }
  if (fromSchemeId === toSchemeId) {
    throw new ProblemError(422, "from and to name the same scheme; equivalence compares two schemes", {
      errors: [{ pointer: "/query/to", detail: `must be a scheme other than ${fromSchemeId}` }],
    });
  }
  if (toScheme.levels.length === 0) {
    throw new ProblemError(422, `${toSchemeId} is a ${toScheme.kind} without levels; it cannot be a target`, {
      errors: [{ pointer: "/query/to", detail: "must be a scheme with levels (a label scheme or regulation)" }],
    });
  }
  return { fromScheme, fromLevel, toScheme, toLevel };
}

export const matrix: AppRouteHandler<typeof routes.matrix> = async (c) => {
  const query = c.req.valid("query");
  const { catalog, clock, answers } = c.var.deps;
  if (query.category && !catalog.category(query.category)) {
    throw notFound("/query/category", `product category "${query.category}" is not in the vocabulary`);
  }
  const asOf = query.asOf ?? clock.today();
  const answer = catalogAnswer(c, () => null, asOf);
  if (answer instanceof Response) return answer;
  const { value, outcome } = await answers.get(
    matrixKey(catalog.digest, asOf, query.category),
    () => JSON.stringify(c.var.engine.matrix(asOf, query.category)),
    bypassRequested(c),
  );
  return serialized(c, value, outcome);
};

export function bypassRequested(c: Context<AppEnv>): boolean {
  return /\bno-cache\b/i.test(c.req.header("cache-control") ?? "");
}

/** Sends an answer that is already JSON text (as cached), with its cache outcome. */
export function serialized(c: Context<AppEnv>, value: string, outcome: CacheOutcome) {
  c.set("cacheOutcome", outcome);
  c.header("X-Cache", outcome);
  // The body is cached JSON text matching the route's schema; c.json would parse and re-encode it for nothing.
  return c.body(value, 200, { "content-type": "application/json" }) as unknown as ReturnType<typeof c.json<never, 200>>;
}
