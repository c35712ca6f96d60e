import { z } from "@hono/zod-openapi";
import { IsoDate, Slug } from "./common.ts";
import { Verdict } from "./equivalence.ts";

/**
 * The compact credential (the default form): what is attested and nothing else, small enough for a QR code. The
 * full answer it was judged from — the canonical record, the target-format record(s), every rule's legal basis — is
 * not embedded but named by `answer`: a URL and the SHA-256 of the bytes served there, so whoever fetches it can check
 * it is the answer this signature covers. `?form=full` issues the full form (KakehashiCredential) instead.
 */

export const CompactRule = z
  .object({
    arrangement: z.string(),
    rule: z.string(),
    instrument: z.string().describe("the legal instrument the rule is written in"),
    effect: z.string(),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate.nullable(),
  })
  .openapi("CompactCredentialRule");

export const CompactClaim = z
  .object({
    scheme: Slug.describe("the scheme the recognition is claimed in"),
    status: z.enum(["recognized", "provisional"]),
    judgedOn: IsoDate,
    verdict: Verdict,
    level: z.string().nullable().describe("the level an arrangement grants in this scheme, where one does"),
    rules: z.array(CompactRule).describe("the rules in force the claim rests on (empty when provisional by absence)"),
  })
  .openapi("CompactRecognitionClaim");

export const KakehashiCompactCredential = z
  .object({
    "@context": z.array(z.string()),
    id: z.string(),
    type: z.array(z.string()),
    issuer: z.string().describe("the issuer's DID"),
    validFrom: z.string(),
    validUntil: z.string().optional(),
    credentialSubject: z.object({
      id: z.string().optional().describe("the stored record's id (record credentials and stored translations)"),
      type: z.array(z.string()),
      kind: z.enum(["translation", "record"]),
      product: z.object({
        maker: z.string(),
        name: z.string(),
        models: z.array(z.string()),
        category: z.string().nullable(),
      }),
      label: z
        .object({
          scheme: Slug,
          schemeVersion: z.string().nullable(),
          level: z.string(),
          registrationId: z.string().nullable(),
          status: z.string().describe("the label's status on the day of issue"),
          issued: IsoDate.nullable(),
          validUntil: IsoDate.nullable(),
        })
        .describe("the source label"),
      target: z
        .object({ scheme: Slug, complete: z.boolean() })
        .optional()
        .describe("for a translation: the target scheme, and whether the translated record is complete"),
      recognition: z.array(CompactClaim),
      answer: z
        .object({
          url: z.string().describe("where the full answer (the full-form credential, unsigned) is served"),
          digestSRI: z.string().describe("SHA-256 of the bytes served at url, as sha256-<base64>"),
        })
        .describe("the full answer, referred to instead of embedded"),
    }),
    evidence: z
      .array(
        z.object({
          id: z.string().describe("urn:kakehashi:catalog:sha256:<hex> or urn:kakehashi:source:sha256:<hex>"),
        }),
      )
      .describe("the digests of the catalog and of the source record"),
    iss: z.string(),
    iat: z.number().int(),
    nbf: z.number().int(),
    exp: z.number().int().optional(),
  })
  .openapi("KakehashiCompactCredential");
export type KakehashiCompactCredential = z.infer<typeof KakehashiCompactCredential>;

export const CredentialForm = z
  .enum(["compact", "full"])
  .optional()
  .describe(
    "with Accept: application/vc+jwt, the credential's form: `compact` (default; fits a QR code, refers to the full " +
      "answer by URL and digest) or `full` (embeds the records and every rule's legal basis)",
  );
