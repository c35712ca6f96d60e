import { z } from "@hono/zod-openapi";
import { EVENT_TYPES } from "../webhooks/subscription.ts";
import { Slug } from "./common.ts";

/** Feed cursors (`<ms>-<seq>`, see src/store/record-store.ts). */
const Cursor = z.string().regex(/^\d{1,15}-\d{1,15}$/);

export const EventTypeName = z.enum(EVENT_TYPES).openapi({
  description:
    "A change-feed entry's type, as an event; or record.recognition-changed: a new catalog moved what a stored " +
    "record earns in another scheme (docs/webhooks.md)",
});

export const CreateSubscriptionBody = z
  .strictObject({
    url: z
      .string()
      .max(2048)
      .openapi({
        description:
          "Where deliveries are POSTed: https, to a public address. Plain http and loopback only where the operator " +
          "set WEBHOOK_ALLOW_LOOPBACK (development).",
        example: "https://partner.example/kakehashi/webhooks",
      }),
    events: z
      .array(EventTypeName)
      .min(1)
      .max(EVENT_TYPES.length)
      .openapi({ example: ["record.withdrawn"] }),
    schemes: z.array(Slug).max(32).default([]).openapi({
      description:
        "Only changes to these schemes' records; empty = every scheme. A partner key names only its own schemes.",
    }),
  })
  .openapi("CreateSubscription");

export const SubscriptionBody = z
  .object({
    id: z.string(),
    owner: z.string(),
    url: z.string(),
    events: z.array(EventTypeName),
    schemes: z.array(z.string()),
    createdAt: z.string(),
    status: z.enum(["active", "failing"]).openapi({
      description: "failing: deliveries failed for about 24 hours and stopped; a replay makes it active again",
    }),
    cursor: Cursor.openapi({ description: "The last change-feed cursor handled: deliveries resume after it" }),
    attempts: z.number().int().min(0).openapi({ description: "Failed attempts at the next event" }),
    nextAttemptAt: z.string().nullable().openapi({ description: "When the next attempt is due after a failure" }),
    failingSince: z.string().nullable(),
  })
  .openapi("Subscription");

export const CreatedSubscriptionBody = SubscriptionBody.extend({
  secret: z.string().openapi({
    description:
      "The signing secret (`whsec_…`), shown this once: keep it to verify the `webhook-signature` header. Lost, " +
      "delete the subscription and make another.",
  }),
}).openapi("CreatedSubscription");

export const SubscriptionList = z.object({ subscriptions: z.array(SubscriptionBody) }).openapi("SubscriptionList");

export const DeliveryLog = z
  .object({
    deliveries: z.array(
      z.object({
        webhookId: z.string(),
        cursor: Cursor,
        type: EventTypeName,
        attempt: z.number().int().min(1),
        at: z.string(),
        outcome: z.enum(["delivered", "failed", "gave-up"]),
        status: z.number().int().nullable(),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi("DeliveryLog");
