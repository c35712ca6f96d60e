import { catalogAnswer } from "../../lib/catalog-etag.ts";
import { notFound } from "../../lib/problem.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { findScheme, unknownLevel } from "../lookups.ts";
import type * as routes from "./schemes.routes.ts";

export const list: AppRouteHandler<typeof routes.list> = (c) => {
  const { catalog } = c.var.deps;
  const answer = catalogAnswer(c, () => ({
    catalogDigest: catalog.digest,
    schemes: catalog.allSchemes().map((scheme) => ({
      id: scheme.id,
      name: scheme.name,
      kind: scheme.kind,
      jurisdiction: scheme.jurisdiction,
      owner: scheme.owner,
      levels: scheme.levels.map((level) => ({
        id: level.id,
        ordinal: level.ordinal,
        name: level.name,
        status: level.status,
        assurance: { mode: level.assurance.mode, rank: level.assurance.rank },
      })),
    })),
    categories: [...catalog.catalog.categories],
  }));
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};

export const get: AppRouteHandler<typeof routes.get> = (c) => {
  const { schemeId } = c.req.valid("param");
  const scheme = findScheme(c.var.deps.catalog, schemeId);
  const answer = catalogAnswer(c, () => scheme);
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};

export const level: AppRouteHandler<typeof routes.level> = (c) => {
  const { schemeId, levelId } = c.req.valid("param");
  const { catalog } = c.var.deps;
  const scheme = findScheme(catalog, schemeId);
  const found = catalog.level(schemeId, levelId);
  if (!found) throw unknownLevel("/path/levelId", scheme, levelId);
  const addedBy = new Map(scheme.levels.flatMap((l) => l.requirements.map((id) => [id, l.id] as const)));
  const answer = catalogAnswer(c, () => ({
    scheme: { id: scheme.id, name: scheme.name },
    level: found,
    requirements: found.allRequirements.flatMap((id) => {
      const requirement = catalog.requirement(schemeId, id);
      return requirement ? [{ ...requirement, addedBy: addedBy.get(id) ?? found.id }] : [];
    }),
    sources: scheme.sources,
  }));
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};

export const requirement: AppRouteHandler<typeof routes.requirement> = (c) => {
  const { schemeId, requirementId } = c.req.valid("param");
  const { catalog } = c.var.deps;
  const scheme = findScheme(catalog, schemeId);
  const found = catalog.requirement(schemeId, requirementId);
  if (!found) throw notFound("/path/requirementId", `requirement "${requirementId}" is not in ${schemeId}`);
  const answer = catalogAnswer(c, () => ({
    scheme: { id: scheme.id, name: scheme.name },
    requirement: found,
    levels: scheme.levels.filter((l) => l.allRequirements.includes(requirementId)).map((l) => l.id),
    sources: scheme.sources,
  }));
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};
