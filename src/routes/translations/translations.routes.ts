import { z } from "@hono/zod-openapi";
import { CredentialForm } from "../../contracts/credential-compact.ts";
import { TranslationRequest, TranslationResult } from "../../contracts/translation.ts";
import { problemResponses } from "../../lib/problem.ts";
import { CREDENTIAL_DESCRIPTION, credentialContent } from "../credentials/credentials.routes.ts";
import { defineRoute } from "../define-route.ts";

/** Limits, documented in the OpenAPI descriptions and enforced with 413 / 422. */
export const TRANSLATION_LIMITS = { bodyBytes: 256 * 1024, batchBytes: 4 * 1024 * 1024, batchLines: 1000 };

/** `?include=recognition`: the full equivalence answer instead of its summary. */
export const TranslationInclude = z
  .enum(["recognition"])
  .optional()
  .openapi({ description: "recognition: embed the full equivalence answer instead of the summary" });

export const translate = defineRoute({
  body: { types: "application/json", maxBytes: TRANSLATION_LIMITS.bodyBytes },
  operationId: "translateRecord",
  method: "post",
  path: "/v1/translations",
  tags: ["Translation"],
  summary: "Translate a certification record into another scheme's format",
  description:
    "Validates the record against its scheme's declared format, maps it to the canonical record and on to the target " +
    "format, carries per-requirement results through the crosswalks, and attaches the recognition the record's level " +
    "earns in the target scheme on asOf (none for an expired, suspended or withdrawn label). The result is provisional " +
    `unless an arrangement grants recognition. Body at most ${TRANSLATION_LIMITS.bodyBytes / 1024} KiB.\n\n` +
    "Across schemes only product facts are filled: the target's grant fields (issued by its body) and declaration " +
    "fields (the manufacturer's signed document) stay empty and are listed in `unmapped` with who supplies them, or " +
    "the rule in force that makes them unnecessary. Where the target holds one model per record, `records` holds one " +
    "per model (`record` is the first). Warnings and unmapped entries are in English and Japanese.\n\n" +
    "`recognition` is a summary (verdict, rules with their instruments and sources, a link to the equivalence " +
    "answer) unless `include=recognition` asks for the full equivalence answer." +
    CREDENTIAL_DESCRIPTION,
  request: {
    query: z.strictObject({ include: TranslationInclude, form: CredentialForm }),
    body: { required: true, content: { "application/json": { schema: TranslationRequest } } },
  },
  responses: {
    200: {
      description: "The translation (or, with Accept: application/vc+jwt, the translation as a signed credential)",
      content: { "application/json": { schema: TranslationResult }, ...credentialContent },
    },
    ...problemResponses(400, 404, 406, 413, 415, 422, 503),
  },
});
