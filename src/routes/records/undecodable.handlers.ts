import type { AppRouteHandler } from "../../lib/types.ts";
import { guard } from "./store-guard.ts";
import type * as routes from "./undecodable.routes.ts";

/** The admin routes over undecodable record values; the records middleware has checked the store and the admin key. */

export const listUndecodable: AppRouteHandler<typeof routes.listUndecodable> = async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const store = c.var.deps.records;
  if (!store) throw new Error("the records middleware lets no request through without a store");
  const page = await guard(c, () => store.scanUndecodable(cursor, limit));
  c.header("Cache-Control", "no-store");
  return c.json(page, 200);
};

export const quarantine: AppRouteHandler<typeof routes.quarantine> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const store = c.var.deps.records;
  if (!store) throw new Error("the records middleware lets no request through without a store");
  const moved = await guard(c, () =>
    store.quarantine(scheme, registrationId, new Date(c.var.deps.clock.now()).toISOString()),
  );
  // The one trace of who moved what where: the store keeps the value, the log keeps the deed.
  c.var.deps.logger.warn(
    {
      component: "record-store",
      key: moved.key,
      quarantineKey: moved.quarantineKey,
      reason: moved.reason,
      by: c.var.principal?.id ?? null,
      requestId: c.var.requestId,
    },
    "undecodable record value quarantined",
  );
  c.header("Cache-Control", "no-store");
  return c.json(moved, 200);
};
