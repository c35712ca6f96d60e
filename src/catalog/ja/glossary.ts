import { z } from "@hono/zod-openapi";
import { JAPANESE_SCRIPT } from "./companion.ts";

/**
 * The one glossary of Japanese terms (schemes/vocabulary/glossary.ja.yaml): one English term, one Japanese
 * translation, and the variants a translator must not use where a real confusion exists (相互認証 is mutual
 * authentication, not mutual recognition).
 */
export const GlossaryFile = z.strictObject({
  language: z.literal("ja"),
  terms: z
    .array(
      z.strictObject({
        en: z.string().min(1),
        ja: z
          .string()
          .min(1)
          .refine((text) => JAPANESE_SCRIPT.test(text), "the Japanese term must be Japanese"),
        avoid: z.array(z.string().min(1)).optional(),
        note: z.string().min(1).optional(),
      }),
    )
    .min(1),
});
export type GlossaryFile = z.infer<typeof GlossaryFile>;

export interface GlossaryHit {
  variant: string;
  term: GlossaryFile["terms"][number];
}

/**
 * The avoided variants a Japanese text uses. For each variant, the glossary terms that contain it are masked first, so
 * that a variant inside a correct term or an official name the glossary holds (適合評価 inside
 * セキュリティ要件適合評価及びラベリング制度) is not a hit — while a shorter term inside the variant (認証 inside 相互認証)
 * hides nothing.
 */
export function glossaryHits(glossary: GlossaryFile, text: string): GlossaryHit[] {
  const hits: GlossaryHit[] = [];
  for (const { variant, term, masks } of avoidedVariants(glossary)) {
    let masked = text;
    for (const mask of masks) masked = masked.replaceAll(mask, "\u0000");
    if (masked.includes(variant)) hits.push({ variant, term });
  }
  return hits;
}

/** Each avoided variant with the glossary terms that contain it, worked out once per glossary, not once per text. */
const variantsOf = new WeakMap<GlossaryFile, { variant: string; term: GlossaryHit["term"]; masks: string[] }[]>();

function avoidedVariants(glossary: GlossaryFile) {
  let variants = variantsOf.get(glossary);
  if (!variants) {
    variants = glossary.terms.flatMap((term) =>
      (term.avoid ?? []).map((variant) => ({
        variant,
        term,
        masks: glossary.terms.filter((other) => other.ja !== variant && other.ja.includes(variant)).map((o) => o.ja),
      })),
    );
    variantsOf.set(glossary, variants);
  }
  return variants;
}
