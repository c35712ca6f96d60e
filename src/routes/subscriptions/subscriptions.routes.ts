import { z } from "@hono/zod-openapi";
import {
  CreatedSubscriptionBody,
  CreateSubscriptionBody,
  DeliveryLog,
  SubscriptionBody,
  SubscriptionList,
} from "../../contracts/subscription.ts";
import { problemResponses } from "../../lib/problem.ts";
import { DELIVERY_LOG_SIZE } from "../../webhooks/subscription.ts";
import { defineRoute } from "../define-route.ts";

const tags = ["Webhooks"];
const security = [{ bearer: [] }];
const WHO =
  " Partner and admin keys; a partner sees and changes only its own subscriptions (another's is a 404). Served by the " +
  "origin (Node), which also sends the deliveries.";
const params = z.object({
  id: z
    .string()
    .regex(/^sub_[0-9a-f]{32}$/)
    .openapi({ param: { name: "id", in: "path" }, example: "sub_0123456789abcdef0123456789abcdef" }),
});

export const create = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  body: { types: "application/json", maxBytes: 16 * 1024 },
  operationId: "createSubscription",
  method: "post",
  path: "/v1/subscriptions",
  tags,
  security,
  summary: "Subscribe a URL to change-feed events",
  description:
    "Every change-feed entry written after this call that matches `events` and `schemes` is POSTed to `url`, " +
    "signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`; see docs/webhooks.md), " +
    "one at a time in feed order, retried with back-off for about 24 hours. The URL must be https to a public " +
    "address: private, loopback, link-local, metadata and other reserved addresses are refused (422), names are " +
    "resolved and judged by every address they have, and again at each delivery; redirects are not followed." +
    WHO,
  request: { body: { required: true, content: { "application/json": { schema: CreateSubscriptionBody } } } },
  responses: {
    201: {
      description: "Subscribed; the secret is in this answer only",
      content: { "application/json": { schema: CreatedSubscriptionBody } },
    },
    ...problemResponses(400, 401, 403, 406, 413, 415, 422, 503),
  },
});

export const list = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "listSubscriptions",
  method: "get",
  path: "/v1/subscriptions",
  tags,
  security,
  summary: "The caller's subscriptions (an admin's: all)",
  description: `Without secrets.${WHO}`,
  responses: {
    200: { description: "Subscriptions, oldest first", content: { "application/json": { schema: SubscriptionList } } },
    ...problemResponses(400, 401, 403, 406, 503),
  },
});

export const get = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "getSubscription",
  method: "get",
  path: "/v1/subscriptions/{id}",
  tags,
  security,
  summary: "A subscription and where its deliveries stand",
  description: `Without the secret.${WHO}`,
  request: { params },
  responses: {
    200: { description: "The subscription", content: { "application/json": { schema: SubscriptionBody } } },
    ...problemResponses(400, 401, 403, 404, 406, 503),
  },
});

export const remove = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "deleteSubscription",
  method: "delete",
  path: "/v1/subscriptions/{id}",
  tags,
  security,
  summary: "Unsubscribe",
  description: `Nothing more is sent; the delivery log goes too.${WHO}`,
  request: { params },
  responses: {
    204: { description: "Deleted" },
    ...problemResponses(400, 401, 403, 404, 406, 503),
  },
});

export const deliveries = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "listSubscriptionDeliveries",
  method: "get",
  path: "/v1/subscriptions/{id}/deliveries",
  tags,
  security,
  summary: "The subscription's delivery log, newest first",
  description: `Each attempt: the webhook-id, the feed cursor, the receiver's status, the outcome. The newest ${DELIVERY_LOG_SIZE} are kept.${WHO}`,
  request: {
    params,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(DELIVERY_LOG_SIZE).default(DELIVERY_LOG_SIZE) }),
  },
  responses: {
    200: { description: "The log", content: { "application/json": { schema: DeliveryLog } } },
    ...problemResponses(400, 401, 403, 404, 406, 503),
  },
});

export const replay = defineRoute({
  facts: { guard: { store: "subscriptions", roles: ["partner", "admin"] }, edge: "origin" },
  operationId: "replaySubscription",
  method: "post",
  path: "/v1/subscriptions/{id}/replay",
  tags,
  security,
  summary: "Deliver again from a feed cursor (and resume a failing subscription)",
  description:
    "Deliveries restart with the first matching change after `from` (a change-feed cursor within the feed's " +
    "30-day retention: older is 410); without `from`, after the subscription's current cursor — which resumes a " +
    "failing subscription where it stopped. Events already delivered are sent again with the same `webhook-id`." +
    WHO,
  request: {
    params,
    query: z.strictObject({
      from: z
        .string()
        .regex(/^\d{1,15}-\d{1,15}$/, "must be a change-feed cursor (<ms>-<seq>)")
        .optional()
        .openapi({ example: "1764979200000-0" }),
    }),
  },
  responses: {
    202: {
      description: "Deliveries restart from the cursor",
      content: { "application/json": { schema: SubscriptionBody } },
    },
    ...problemResponses(400, 401, 403, 404, 406, 410, 503),
  },
});
