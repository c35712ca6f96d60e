import { z } from "@hono/zod-openapi";
import { Slug } from "./common.ts";

/**
 * One file in `mappings/records/`: how a scheme's native record maps to the canonical record and back. Source
 * expressions are JSONPath over the input record (`$.vendorName`); simple member paths are compiled to property
 * accessors, anything else runs through jsonpath-plus with script evaluation disabled. Targets are JSON pointers into
 * the canonical record (`/holder/name`) or native field names. Maps come only from these files, never from requests.
 */

export const dateFormats = ["YYYY-MM-DD", "DD.MM.YYYY", "DD/MM/YYYY", "DDMMYY", "YYYY/MM/DD"] as const;

/** One step of a transform pipeline, applied in order to the selected value. */
export const TransformStep = z.union([
  z.strictObject({ date: z.strictObject({ from: z.enum(dateFormats), to: z.enum(dateFormats) }) }),
  z.strictObject({
    map: z.record(z.string(), z.string()).describe("value → value; an unmapped value is a warning, not a guess"),
    default: z.string().nullable().optional().describe("for values not in the map; null maps them to nothing"),
  }),
  z.strictObject({
    match: z.string().min(1).describe("a regular expression"),
    group: z.number().int().min(0).default(1),
  }),
  z.strictObject({ split: z.string().min(1) }),
  z.strictObject({ join: z.string() }),
  z.strictObject({ first: z.literal(true).describe("the first element of a list") }),
  z.strictObject({ wrap: z.literal(true).describe("a single value as a one-element list") }),
  z
    .strictObject({
      object: z.strictObject({ key: z.string().min(1), add: z.record(z.string(), z.string()).default({}) }),
    })
    .describe("the value as {key: value, ...add}, e.g. an identifier {type, value}"),
  z
    .strictObject({
      pick: z.strictObject({ where: z.record(z.string(), z.string()), field: z.string().min(1) }),
    })
    .describe("from a list of objects, the `field` of the first whose fields equal `where`"),
]);
export type TransformStep = z.infer<typeof TransformStep>;

export const FieldRule = z
  .strictObject({
    to: z.string().min(1).describe("canonical JSON pointer (/holder/name) or native field name"),
    from: z.string().regex(/^\$/, "must be a JSONPath starting with $").optional(),
    template: z
      .string()
      .min(1)
      .optional()
      .describe('text with {$.path} placeholders, e.g. "{$.productType} {$.productIdentifier}"'),
    constant: z.union([z.string(), z.number(), z.boolean()]).optional(),
    transform: z.array(TransformStep).default([]),
    optional: z
      .literal(true)
      .optional()
      .describe(
        "the source may be absent in a valid record (the sample need not exercise it); needs a note saying when",
      ),
    note: z.string().min(1).optional(),
  })
  .superRefine((rule, ctx) => {
    const sources = [rule.from, rule.template, rule.constant].filter((x) => x !== undefined).length;
    if (sources !== 1)
      ctx.addIssue({ code: "custom", path: ["from"], message: "give exactly one of from, template, constant" });
  });
export type FieldRule = z.infer<typeof FieldRule>;

export const Loss = z.strictObject({
  field: z.string().min(1),
  note: z.string().min(1).describe('what is lost and why, e.g. "the CLS list has no support-period field"'),
  noteJa: z.string().min(1).describe("the same in Japanese: translations report it to people in both languages"),
});

export const RecordMapFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: Slug,
    scheme: Slug,
    toCanonical: z.array(FieldRule).min(1),
    fromCanonical: z.array(FieldRule).min(1),
    oneRecordPer: z
      .literal("model")
      .optional()
      .describe(
        "the native record holds one model: a canonical record with several becomes one native record per model " +
          "(never the first model only)",
      ),
    losses: z
      .strictObject({ toCanonical: z.array(Loss).default([]), fromCanonical: z.array(Loss).default([]) })
      .default({ toCanonical: [], fromCanonical: [] }),
  })
  .describe("Field maps between a scheme's native record and the canonical record");
export type RecordMapFile = z.infer<typeof RecordMapFile>;
