import { z } from "@hono/zod-openapi";
import { IsoDate, Slug } from "./common.ts";
import { Verdict } from "./equivalence.ts";

/**
 * Kakehashi's credentials: W3C Verifiable Credentials 2.0, shaped after the UN Transparency Protocol's Digital
 * Conformity Credential, secured as JOSE (`application/vc+jwt`). These schemas describe the payload (what a
 * receiving registry reads after checking the signature) and the verify route's answer.
 */

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const VC_JWT_MEDIA_TYPE = "application/vc+jwt";

export const StatedRule = z
  .object({
    arrangement: z.string(),
    rule: z.string(),
    title: z.string(),
    instrument: z.string().describe("the legal instrument the rule is written in"),
    effect: z.string(),
    toLevel: z.string(),
    effectiveFrom: IsoDate,
    effectiveTo: IsoDate.nullable(),
    legalBasis: z.array(z.object({ title: z.string(), url: z.string(), locator: z.string().nullable() })),
  })
  .openapi("CredentialStatedRule");
export type StatedRule = z.infer<typeof StatedRule>;

export const RecognitionClaim = z
  .object({
    scheme: Slug.describe("the scheme the recognition is claimed in"),
    status: z
      .enum(["recognized", "provisional"])
      .describe("recognized only when an arrangement in force recognizes the label; otherwise provisional"),
    judgedOn: IsoDate.describe("the date the recognition was judged on"),
    verdict: Verdict,
    level: z.string().nullable().describe("the level an arrangement grants in this scheme, where one does"),
    rules: z.array(StatedRule).describe("the rules in force the claim rests on (empty when provisional by absence)"),
    statement: z.string().describe("the claim in one plain sentence"),
  })
  .openapi("CredentialRecognitionClaim");
export type RecognitionClaim = z.infer<typeof RecognitionClaim>;

export const CredentialEvidence = z
  .object({
    id: z.string(),
    type: z.array(z.string()),
    name: z.string(),
    description: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    digestSRI: z.string().describe("the same digest as Subresource Integrity metadata (sha256-<base64>)"),
  })
  .openapi("CredentialEvidence");

/** The decoded payload of a Kakehashi credential (the JWS payload is this JSON). */
export const KakehashiCredential = z
  .object({
    "@context": z.array(z.string()),
    id: z.string(),
    type: z.array(z.string()),
    name: z.string(),
    issuer: z.object({ id: z.string(), name: z.string() }),
    validFrom: z.string(),
    validUntil: z.string().optional(),
    credentialSubject: z.object({
      id: z.string(),
      type: z.array(z.string()),
      kind: z.enum(["translation", "record"]),
      record: z.record(z.string(), z.unknown()).describe("the canonical record"),
      recordVersion: z.number().int().optional(),
      targetRecord: z
        .object({
          scheme: Slug,
          format: z.literal("native"),
          record: z.record(z.string(), z.unknown()),
          records: z
            .array(z.record(z.string(), z.unknown()))
            .optional()
            .describe("one record per model where the target holds one model per record; `record` is the first"),
          complete: z.boolean(),
        })
        .optional()
        .describe("for a translation: the record in the target scheme's format, a draft where `complete` is false"),
      recognition: z.array(RecognitionClaim),
    }),
    evidence: z.array(CredentialEvidence),
    iss: z.string(),
    jti: z.string(),
    iat: z.number().int(),
    nbf: z.number().int(),
    exp: z.number().int().optional(),
  })
  .openapi("KakehashiCredential");
export type KakehashiCredential = z.infer<typeof KakehashiCredential>;

/** The minimum any W3C VC 2.0 payload has: what the verify route demands before it reads further. */
export const AnyCredential = z.looseObject({
  "@context": z.array(z.unknown()).refine((list) => list[0] === VC_V2_CONTEXT, `must start with ${VC_V2_CONTEXT}`),
  type: z
    .array(z.string())
    .refine((types) => types.includes("VerifiableCredential"), "must include VerifiableCredential"),
  issuer: z.union([z.string(), z.looseObject({ id: z.string() })]),
  credentialSubject: z.unknown().refine((v) => typeof v === "object" && v !== null, "must be an object"),
});

export const VerifyRequest = z
  .strictObject({ credential: z.string().min(1).max(200_000).describe("the credential as compact JWS (vc+jwt)") })
  .openapi("VerifyCredentialRequest");

const Check = z.object({ ok: z.boolean(), detail: z.string() });

export const RecognitionRecheck = z
  .object({
    scheme: Slug,
    stated: z.object({ status: z.enum(["recognized", "provisional"]), judgedOn: IsoDate, rules: z.array(z.string()) }),
    today: z
      .object({ status: z.enum(["recognized", "provisional"]), verdict: Verdict, rules: z.array(z.string()) })
      .nullable()
      .describe("null when the scheme is no longer in the catalog"),
    holds: z.boolean().describe("whether the stated status (recognized or provisional) is still the answer today"),
    changes: z.array(z.string()).describe("what differs today: rules in or out of force, the label's own status"),
  })
  .openapi("RecognitionRecheck");

export const VerifyResult = z
  .object({
    verified: z.boolean().describe("signature, issuer and validity dates all check out"),
    checkedAt: z.string().describe("the instant the dates were checked against"),
    credential: z
      .object({
        id: z.string().nullable(),
        kid: z.string(),
        alg: z.string(),
        issuer: z.string().nullable(),
        keyCurrent: z
          .boolean()
          .describe("whether the key is this service's current signing key (false: a retired key still published)"),
      })
      .describe("what the token says about itself, and whether its key is the current one"),
    checks: z.object({
      signature: Check,
      issuer: Check.extend({ expected: z.string(), actual: z.string().nullable() }).nullable(),
      validity: Check.extend({ validFrom: z.string().nullable(), validUntil: z.string().nullable() }).nullable(),
      catalog: z
        .object({
          status: z.enum(["current", "superseded", "unknown"]),
          digest: z.string().nullable(),
          current: z.string(),
          detail: z.string(),
        })
        .nullable(),
    }),
    label: z
      .object({
        scheme: z.string(),
        level: z.string(),
        registrationId: z.string().nullable(),
        statusToday: z.string(),
        validUntil: IsoDate.nullable(),
      })
      .nullable()
      .describe("the certified label as it stands today (null when the signature failed)"),
    product: z
      .object({ maker: z.string(), name: z.string(), models: z.array(z.string()) })
      .nullable()
      .describe("the product the credential is about (null when the signature failed)"),
    answer: z
      .object({ url: z.string(), digestSRI: z.string() })
      .nullable()
      .describe("a compact credential's full answer: where it is served and the SHA-256 of its bytes"),
    recognition: z.array(RecognitionRecheck).describe("each stated recognition, judged again today"),
    today: IsoDate,
  })
  .openapi("VerifyCredentialResult");
export type VerifyResult = z.infer<typeof VerifyResult>;

export const DidDocument = z
  .object({
    "@context": z.array(z.string()),
    id: z.string().openapi({ example: "did:web:kakehashi.example" }),
    verificationMethod: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        controller: z.string(),
        publicKeyJwk: z.record(z.string(), z.unknown()),
      }),
    ),
    assertionMethod: z.array(z.string()),
  })
  .openapi("DidDocument");

export const JwkSet = z
  .object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) })
  .openapi("JwkSet");
