import { z } from "@hono/zod-openapi";
import { Fee } from "./arrangement.ts";
import { Confidence, IsoDate } from "./common.ts";
import { CitedSource } from "./equivalence.ts";
import { Obligation } from "./market-access.ts";
import { ProgrammeStatusEventFile } from "./scheme.ts";

/**
 * The market-access answer: per market, what a product category needs on a date and — when a label is given — whether
 * that label meets it, how (held, recognised through an arrangement, a simplified procedure) and what to do next.
 */

export const accessStatuses = ["held", "recognized", "simplified-procedure", "not-met", "nothing-required"] as const;
export const AccessStatus = z
  .enum(accessStatuses)
  .describe(
    "held: the label is the one required; recognized: an arrangement in force makes it count; simplified-procedure: " +
      "it earns an easier route to the required label; not-met: it does not meet the rule; nothing-required: no " +
      "mandatory rule applies",
  )
  .openapi("AccessStatus");
export type AccessStatus = z.infer<typeof AccessStatus>;

export const AccessRoute = z
  .object({
    arrangement: z.string(),
    title: z.string(),
    rule: z.string(),
    effect: z.string(),
    toLevel: z.string(),
    conditions: z.array(z.string()),
    fees: z.array(Fee),
    remainingRequirements: z.array(z.string()).describe("target requirements still to meet under this route"),
    sources: z.array(CitedSource),
    confidence: Confidence,
  })
  .openapi("AccessRoute");
export type AccessRoute = z.infer<typeof AccessRoute>;

export const nextStepKinds = [
  "keep-label",
  "rely-on-route",
  "apply-under-route",
  "route-condition",
  "route-fee",
  "still-to-meet",
  "label-falls-short",
  "rule-step",
] as const;
export type NextStepKind = (typeof nextStepKinds)[number];

export const NextStep = z
  .object({
    kind: z
      .enum(nextStepKinds)
      .describe(
        "keep-label: the label is the one required; rely-on-route / apply-under-route: an arrangement's route " +
          "(routes[]); route-condition, route-fee, still-to-meet: what that route asks; label-falls-short: the label " +
          "does not meet the rule; rule-step: the market's own step for the rule",
      ),
    en: z.string(),
    ja: z
      .string()
      .describe(
        "the same step in Japanese: schemes, levels and a route's conditions in the catalog's Japanese where its " +
          "ja/ companion files give it (a reference translation — 参考訳 — unless the Japanese is the original; the " +
          "English `en` is authoritative), else quoted in English; fee notes and instrument titles stay in English",
      ),
  })
  .describe("one step, in words that name schemes and levels; the ids are in the rule's and routes' fields")
  .openapi("NextStep");
export type NextStep = z.infer<typeof NextStep>;

export const MarketRuleAnswer = z
  .object({
    rule: z.string(),
    obligation: Obligation,
    scheme: z.string(),
    minLevel: z.string(),
    levelNote: z.string().nullable(),
    scopeNote: z.string().nullable(),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate.nullable(),
    legalBasis: z.string(),
    summary: z.string(),
    sources: z.array(CitedSource).describe("the legal basis and the sources the rule rests on"),
    status: AccessStatus.exclude(["nothing-required"])
      .nullable()
      .describe("whether the label meets this rule; null when no label was given"),
    routes: z.array(AccessRoute).describe("arrangement rules in force that make the label count, or ease the way"),
    programmeStatus: z.array(ProgrammeStatusEventFile).describe("the required scheme's dated operating events"),
    nextSteps: z.array(NextStep).describe("what to do next, in order"),
    confidence: Confidence,
  })
  .openapi("MarketRuleAnswer");
export type MarketRuleAnswer = z.infer<typeof MarketRuleAnswer>;

export const MarketAnswer = z
  .object({
    market: z.string().describe("ISO 3166 alpha-2 code, or EU"),
    name: z.string(),
    required: z.boolean().describe("true when a mandatory rule applies to the category on the date"),
    // A plain enum, not the named component: a nullable $ref loses its null in the generated OpenAPI document.
    status: z
      .enum(accessStatuses)
      .nullable()
      .describe("for the label: the weakest status over mandatory rules; null without label"),
    rules: z.array(MarketRuleAnswer).describe("rules in force on the date that reach the category"),
    excepted: z
      .array(
        z.object({
          rule: z.string(),
          scheme: z.string(),
          exception: z.string(),
          sources: z.array(CitedSource),
          confidence: Confidence,
        }),
      )
      .describe("rules in force that reach the category but except it (e.g. PSTI Schedule 3)"),
    upcoming: z
      .array(
        z.object({
          rule: z.string(),
          obligation: Obligation,
          scheme: z.string(),
          minLevel: z.string(),
          effectiveFrom: IsoDate,
          summary: z.string(),
          confidence: Confidence,
        }),
      )
      .describe("dated rules for the category that start after the date"),
    announcements: z
      .array(
        z.object({
          id: z.string(),
          announced: IsoDate,
          scheme: z.string().nullable(),
          minLevel: z.string().nullable(),
          expected: z.string(),
          expectedBy: IsoDate.nullable().describe("the last day it was to apply by, where the source gives one"),
          overdue: z
            .boolean()
            .describe(
              "the date is past expectedBy and no rule in force records the change: the answer may rest on old " +
                "rules, so check the regulator's current rules",
            ),
          summary: z.string(),
          confidence: Confidence,
        }),
      )
      .describe("changes announced without a confirmed date: shown, never applied"),
    confidence: Confidence.describe("the weakest confidence this market's answer rests on"),
  })
  .openapi("MarketAnswer");
export type MarketAnswer = z.infer<typeof MarketAnswer>;

export const MarketAccessAnswer = z
  .object({
    label: z.object({ scheme: z.string(), level: z.string() }).nullable(),
    category: z.string(),
    asOf: IsoDate,
    markets: z.array(MarketAnswer),
    provenance: z.object({
      catalogDigest: z.string(),
      confidence: Confidence.describe("the weakest confidence any market's answer rests on"),
      arrangements: z.array(z.string()).describe("arrangements the recognition routes rest on"),
    }),
  })
  .openapi("MarketAccess");
export type MarketAccessAnswer = z.infer<typeof MarketAccessAnswer>;
