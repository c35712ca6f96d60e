import type { Context } from "hono";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { checkCursor } from "../../store/record-store.ts";
import {
  cursorBefore,
  type DeliveryState,
  initialState,
  newSecret,
  newSubscriptionId,
  type Subscription,
} from "../../webhooks/subscription.ts";
import type { SubscriptionStore } from "../../webhooks/subscription-store.ts";
import { refuseTarget } from "../../webhooks/target-url.ts";
import { guard } from "../records/store-guard.ts";
import type * as routes from "./subscriptions.routes.ts";

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const body = c.req.valid("json");
  const principal = c.var.principal;
  if (!principal) throw new Error("the subscriptions middleware lets no request through without a key");
  const unknown = body.schemes.findIndex((s) => !c.var.deps.catalog.scheme(s));
  if (unknown >= 0) {
    const detail = `no scheme ${body.schemes[unknown]} in the catalog`;
    throw new ProblemError(422, detail, { errors: [{ pointer: `/body/schemes/${unknown}`, detail }] });
  }
  // A partner hears of its own schemes only when it asks for a filter; an unfiltered subscription follows the whole
  // feed, which its key may read anyway (GET /v1/changes).
  const foreign = body.schemes.findIndex((s) => principal.role !== "admin" && !principal.schemes.includes(s));
  if (foreign >= 0) {
    throw new ProblemError(403, `the key ${principal.id} is not granted ${body.schemes[foreign]}`, {
      errors: [{ pointer: `/body/schemes/${foreign}`, detail: "a partner filters by its own schemes only" }],
    });
  }
  const { webhookTargets } = c.var.deps;
  const refusal = await refuseTarget(body.url, {
    allowLoopback: webhookTargets?.allowLoopback ?? false,
    ...(webhookTargets?.resolve ? { resolve: webhookTargets.resolve } : {}),
  });
  if (refusal) throw new ProblemError(422, refusal, { errors: [{ pointer: "/body/url", detail: refusal }] });
  const now = c.var.deps.clock.now();
  const subscription: Subscription = {
    id: newSubscriptionId(),
    owner: principal.id,
    url: body.url,
    events: [...new Set(body.events)],
    schemes: [...new Set(body.schemes)],
    secret: newSecret(),
    createdAt: new Date(now).toISOString(),
  };
  const state = initialState(cursorBefore(now));
  const store = subscriptionStore(c);
  await guard(c, () => store.create(subscription, state));
  c.header("Cache-Control", "no-store");
  c.header("Location", `/v1/subscriptions/${subscription.id}`);
  return c.json({ ...present(subscription, state), secret: subscription.secret }, 201);
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const principal = c.var.principal;
  const store = subscriptionStore(c);
  const all = await guard(c, () => store.list(principal?.role === "admin" ? undefined : principal?.id));
  c.header("Cache-Control", "no-store");
  return c.json({ subscriptions: all.map(({ subscription, state }) => present(subscription, state)) }, 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { subscription, state } = await owned(c, c.req.valid("param").id);
  c.header("Cache-Control", "no-store");
  return c.json(present(subscription, state), 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { subscription } = await owned(c, c.req.valid("param").id);
  const store = subscriptionStore(c);
  await guard(c, () => store.delete(subscription.id));
  return c.body(null, 204);
};

export const deliveries: AppRouteHandler<typeof routes.deliveries> = async (c) => {
  const { subscription } = await owned(c, c.req.valid("param").id);
  const { limit } = c.req.valid("query");
  const store = subscriptionStore(c);
  const log = await guard(c, () => store.log(subscription.id, limit));
  c.header("Cache-Control", "no-store");
  return c.json({ deliveries: log }, 200);
};

export const replay: AppRouteHandler<typeof routes.replay> = async (c) => {
  const { subscription, state } = await owned(c, c.req.valid("param").id);
  const from = c.req.valid("query").from ?? state.cursor;
  // 400 for a malformed cursor, 410 for one past the feed's retention: as GET /v1/changes answers them.
  await guard(c, async () => checkCursor(from, c.var.deps.clock.now()));
  const store = subscriptionStore(c);
  const replayed = await guard(c, () => store.replay(subscription.id, from));
  if (!replayed) throw new ProblemError(404, `no subscription ${subscription.id}`);
  return c.json(present(subscription, replayed), 202);
};

function subscriptionStore(c: Context<AppEnv>): SubscriptionStore {
  const store = c.var.deps.subscriptions;
  if (!store) throw new Error("the subscriptions middleware lets no request through without a store");
  return store;
}

/** The subscription, if the caller may see it: its owner or an admin. Another's is a 404, not a 403 (no probing). */
async function owned(c: Context<AppEnv>, id: string) {
  const store = subscriptionStore(c);
  const found = await guard(c, () => store.get(id));
  const principal = c.var.principal;
  if (!found || (principal?.role !== "admin" && found.subscription.owner !== principal?.id)) {
    throw new ProblemError(404, `no subscription ${id}`, { errors: [{ pointer: "/path/id", detail: "not found" }] });
  }
  return found;
}

/** A subscription as the API shows it: never its secret. */
function present(subscription: Subscription, state: DeliveryState) {
  const { secret: _, ...shown } = subscription;
  return {
    ...shown,
    status: state.status,
    cursor: state.cursor,
    attempts: state.attempts,
    nextAttemptAt: state.retryAt > 0 && state.status === "active" ? new Date(state.retryAt).toISOString() : null,
    failingSince: state.failingSince === null ? null : new Date(state.failingSince).toISOString(),
  };
}
