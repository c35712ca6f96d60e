import { catalogAnswer } from "../../lib/catalog-etag.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { findScheme } from "../lookups.ts";
import type * as routes from "./crosswalks.routes.ts";

export const list: AppRouteHandler<typeof routes.list> = (c) => {
  const { from, to } = c.req.valid("query");
  const { catalog } = c.var.deps;
  if (from) findScheme(catalog, from, "/query/from");
  if (to) findScheme(catalog, to, "/query/to");
  const answer = catalogAnswer(c, () => {
    const forward = catalog.crosswalks(from, to);
    // With both ends named, a set stated the other way round answers the same question.
    const backward = from && to ? catalog.crosswalks(to, from) : [];
    return { from: from ?? null, to: to ?? null, catalogDigest: catalog.digest, sets: [...forward, ...backward] };
  });
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};
