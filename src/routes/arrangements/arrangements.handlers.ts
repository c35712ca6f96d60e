import { ruleInForce } from "../../domain/in-force.ts";
import { catalogAnswer } from "../../lib/catalog-etag.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { findScheme } from "../lookups.ts";
import type * as routes from "./arrangements.routes.ts";

export const list: AppRouteHandler<typeof routes.list> = (c) => {
  const { scheme, asOf: givenAsOf } = c.req.valid("query");
  const { catalog, clock } = c.var.deps;
  if (scheme) findScheme(catalog, scheme, "/query/scheme");
  const asOf = givenAsOf ?? clock.today();
  const answer = catalogAnswer(
    c,
    () => ({
      scheme: scheme ?? null,
      asOf,
      catalogDigest: catalog.digest,
      arrangements: catalog.arrangements().flatMap((arrangement) => {
        if (scheme && !arrangement.schemes.includes(scheme)) return [];
        if (arrangement.rules.length === 0) return [{ ...arrangement, inForce: false, rules: [] }];
        const rules = arrangement.rules
          .filter((rule) => !scheme || rule.from.scheme === scheme || rule.to.scheme === scheme)
          .filter((rule) => ruleInForce(arrangement, rule, asOf))
          .map((rule) => ({ ...rule, inForce: true }));
        return rules.length > 0 ? [{ ...arrangement, inForce: true, rules }] : [];
      }),
    }),
    asOf,
  );
  return answer instanceof Response ? answer : c.json(answer.body, 200);
};
