import { z } from "@hono/zod-openapi";
import { SourceKey } from "../../contracts/common.ts";

/**
 * A Japanese companion file (`<folder>/ja/<name>.yaml`, format in docs/i18n.md): the Japanese of the texts of the
 * source file `<folder>/<name>.yaml`, each marked as a reference translation (参考訳: the English is authoritative) or
 * as the original (原文: the Japanese is the source text, the English ours).
 */
export const textKinds = ["original", "reference-translation"] as const;
export const TextKind = z.enum(textKinds);
export type TextKind = z.infer<typeof TextKind>;

/** Kana or kanji: what makes a text Japanese for the checks. */
export const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

const JapaneseString = z
  .string()
  .min(1)
  .refine((text) => JAPANESE_SCRIPT.test(text), "a Japanese text must contain Japanese (kana or kanji)");

export const CompanionText = z.union([
  JapaneseString,
  z.strictObject({
    text: JapaneseString,
    kind: TextKind.optional(),
    cite: SourceKey.optional().describe(
      "the source (a key of the source file's `sources:`) the Japanese is quoted from",
    ),
  }),
]);

export const CompanionFile = z.strictObject({
  translates: z.string().regex(/^[^/]+\.ya?ml$/, "the source file's name, e.g. uk-psti.yaml"),
  language: z.literal("ja"),
  kind: TextKind,
  texts: z.record(z.string().min(1), CompanionText),
});
export type CompanionFile = z.infer<typeof CompanionFile>;

/** A compiled Japanese text: what the accessor hands to pages and answers. */
export interface JaText {
  text: string;
  kind: TextKind;
  cite?: string;
}

/** `schemes/ja/uk-psti.yaml` → `schemes/uk-psti.yaml` (from the file's own `translates`). */
export function sourcePathOf(companionPath: string, translates: string): string {
  return companionPath.replace(/\/ja\/[^/]+$/, `/${translates}`);
}

export const isCompanionPath = (path: string) => /(^|\/)ja\/[^/]+\.ya?ml$/.test(path);
export const GLOSSARY_PATH = "schemes/vocabulary/glossary.ja.yaml";
