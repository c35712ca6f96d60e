import { z } from "@hono/zod-openapi";
import { IsoDate, Provenance, Slug, Source, SourceKey } from "./common.ts";

/**
 * One file in `mappings/market-access/`: what one market (an ISO 3166 country, or the EU) asks of a product category
 * on a date — which scheme and minimum level is mandatory, voluntary or asked for only by some buyers (public
 * procurement) — with its scope, exceptions, legal basis and the changes announced but not yet dated.
 */

export const obligations = ["mandatory", "voluntary", "procurement", "duty"] as const;
export const Obligation = z
  .enum(obligations)
  .describe(
    "mandatory: needed to sell; voluntary: a label a seller may choose; procurement: asked by some buyers; duty: " +
      "binds every seller of the category whatever label it holds (e.g. reporting) — no label meets or waives it",
  )
  .openapi("Obligation");

/** Product categories a rule does not reach, though the rule's category covers them: Schedule 3 of PSTI, say. */
export const MarketExceptionFile = z.strictObject({
  categories: z.array(Slug).min(1).describe("vocabulary terms (and their narrower terms) the rule does not reach"),
  text: z.string().min(1).describe("the exception in the instrument's words, paraphrased"),
  effectiveFrom: IsoDate.optional().describe("when the exception starts, if later than the rule"),
  provenance: Provenance,
});

export const MarketRuleFile = z.strictObject({
  id: Slug,
  categories: z
    .array(Slug)
    .min(1)
    .describe("vocabulary terms the rule reaches, with their narrower terms (router is under consumer-iot-device)"),
  scopeNote: z.string().min(1).optional().describe("limits of scope the vocabulary cannot express (e.g. radio only)"),
  obligation: Obligation,
  scheme: Slug.describe("the catalog scheme or regulation whose label or compliance the rule asks for"),
  minLevel: Slug.describe("the lowest level that satisfies the rule; higher ordinals satisfy it too"),
  levelNote: z
    .string()
    .min(1)
    .optional()
    .describe("what the minimum level means here, e.g. which route a class may use"),
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.optional().describe("the last day the rule applies (inclusive)"),
  exceptions: z.array(MarketExceptionFile).default([]),
  legalBasis: z.string().min(1).describe("the instrument and clause, in words"),
  summary: z.string().min(1),
  nextSteps: z
    .array(z.strictObject({ en: z.string().min(1), ja: z.string().min(1).describe("the same step in Japanese") }))
    .default([])
    .describe("what a seller does to meet the rule, in order, in English and Japanese"),
  provenance: Provenance,
});
export type MarketRuleFile = z.infer<typeof MarketRuleFile>;

/** A change a government has announced without a date a source confirms: shown, never applied. */
export const MarketAnnouncementFile = z.strictObject({
  id: Slug,
  announced: IsoDate,
  categories: z.array(Slug).min(1),
  scheme: Slug.optional(),
  minLevel: Slug.optional(),
  expected: z.string().min(1).describe('when it is to apply, in the source\'s words (e.g. "by 2027")'),
  expectedBy: IsoDate.optional().describe(
    'the last day it is to apply by, where the source gives one ("by 2027" → 2027-12-31): past it, with no rule in ' +
      "force recording the change, answers tell the reader to check the regulator's current rules",
  ),
  summary: z.string().min(1),
  provenance: Provenance,
});

export const MarketAccessFile = z
  .strictObject({
    $schema: z.string().optional(),
    market: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code, or EU")
      .describe("ISO 3166 alpha-2 code, or EU for the Union; the file is named after it"),
    name: z.string().min(1),
    summary: z.string().min(1),
    rules: z.array(MarketRuleFile).default([]),
    announcements: z.array(MarketAnnouncementFile).default([]),
    sources: z.record(SourceKey, Source),
    provenance: Provenance,
  })
  .describe("What one market requires of connectable products, by category and date");
export type MarketAccessFile = z.infer<typeof MarketAccessFile>;
