import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { CompiledScheme } from "../catalog/model.ts";
import { notFound, ProblemError } from "../lib/problem.ts";

/**
 * Catalog look-ups that several resources share, each failing as the problem a client can act on (a 404 naming the
 * parameter and the ids that exist, a 422 for a question that cannot be asked). They belong to no one resource, so no
 * handler imports another resource's handler file for them.
 */

/** The scheme `schemeId`, or the 404 that lists the schemes the catalog holds. */
export function findScheme(catalog: CatalogIndex, schemeId: string, pointer = "/path/schemeId"): CompiledScheme {
  const scheme = catalog.scheme(schemeId);
  if (!scheme) {
    const known = catalog
      .allSchemes()
      .map((s) => s.id)
      .join(", ");
    throw notFound(pointer, `scheme "${schemeId}" is not in the catalog (known: ${known})`);
  }
  return scheme;
}

/** The 404 for a level the scheme does not have, listing the levels it does (so the caller can correct the id). */
export function unknownLevel(pointer: string, scheme: CompiledScheme, levelId: string) {
  const levels = scheme.levels.map((l) => l.id).join(", ") || "none";
  return notFound(pointer, `level "${levelId}" is not a level of ${scheme.id} (levels: ${levels})`);
}

/**
 * The schemes and levels an equivalence question names, or the problem that says why it cannot be asked: unknown ids
 * 404 (pointing at the parameter), the same scheme twice or a target without levels 422. The equivalence route and
 * its CSV export ask the same question.
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
