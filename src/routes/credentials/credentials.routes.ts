import { z } from "@hono/zod-openapi";
import {
  DidDocument,
  JwkSet,
  KakehashiCredential,
  VC_JWT_MEDIA_TYPE,
  VerifyResult,
} from "../../contracts/credential.ts";
import { problemResponses } from "../../lib/problem.ts";
import { defineRoute } from "../define-route.ts";

export const VERIFY_LIMIT_BYTES = 256 * 1024;

/** A credential secured as JOSE: the compact JWS text, for `application/vc+jwt` responses and bodies. */
export const VcJwt = z.string().openapi({
  description:
    "A W3C Verifiable Credential 2.0 secured with JOSE (VC-JOSE-COSE): a compact JWS with header typ vc+jwt, cty vc " +
    "and kid the DID URL of the signing key; its payload is the credential (KakehashiCredential).",
  example:
    "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCIsImN0eSI6InZjIiwia2lkIjoiZGlkOndlYjprYWtlaGFzaGkuZXhhbXBsZSMxIn0.e30.sig",
});

/** The response entry both issuing routes add for `Accept: application/vc+jwt`. */
export const credentialContent = { [VC_JWT_MEDIA_TYPE]: { schema: VcJwt } };

export const CREDENTIAL_DESCRIPTION =
  " With `Accept: application/vc+jwt` the answer is a signed W3C Verifiable Credential instead (a UNTP Digital " +
  "Conformity Credential secured as JOSE; check it with the keys at /.well-known/jwks.json): compact by default " +
  "(KakehashiCompactCredential, sized for a QR code; the full answer at the URL it names, `Content-Location` gives " +
  "its own URL), or `form=full` for the full form (KakehashiCredential). No credential is issued " +
  "for a label that is not valid today; 503 where no signing key is configured.";

const wellKnownHeaders = {
  "Cache-Control": { schema: { type: "string" as const }, description: "public, max-age=300" },
};

export const didDocument = defineRoute({
  // Answered as JSON, but resolvers ask with the DID media types: those Accept headers are not refused.
  facts: { edge: "private", produces: ["application/json", "application/did+json", "application/did+ld+json"] },
  operationId: "didDocument",
  method: "get",
  path: "/.well-known/did.json",
  tags: ["Credentials"],
  summary: "The issuer's did:web DID document",
  description:
    "Every published signing key as a JsonWebKey2020 verification method under `assertionMethod`. The DID is the " +
    "configured ISSUER_DID, or did:web of the request's host.",
  responses: {
    200: {
      description: "The DID document",
      headers: wellKnownHeaders,
      content: { "application/json": { schema: DidDocument } },
    },
    ...problemResponses(406, 503),
  },
});

export const jwks = defineRoute({
  // Answered as JSON, but key-set clients ask for application/jwk-set+json: that Accept is not refused.
  facts: { edge: "private", produces: ["application/json", "application/jwk-set+json"] },
  operationId: "jwks",
  method: "get",
  path: "/.well-known/jwks.json",
  tags: ["Credentials"],
  summary: "The issuer's public keys as a JWK Set",
  description:
    "The current signing key first, then retired keys that stay published so older credentials still verify. Each " +
    "key's `kid` is its DID URL, exactly as credentials name it in their header.",
  responses: {
    200: { description: "The JWK Set", headers: wellKnownHeaders, content: { "application/json": { schema: JwkSet } } },
    ...problemResponses(406, 503),
  },
});

const verifyRequestSchema = {
  type: "object" as const,
  required: ["credential"],
  additionalProperties: false,
  properties: {
    credential: { type: "string" as const, minLength: 1, description: "the credential as compact JWS (vc+jwt)" },
  },
};

export const verify = defineRoute({
  facts: { edge: "private" },
  // JSON or a bare vc+jwt, through the same reading step as every other body (size, encoding, UTF-8, and for JSON
  // nesting, duplicate members and lone surrogates).
  body: { types: ["application/json", VC_JWT_MEDIA_TYPE], maxBytes: VERIFY_LIMIT_BYTES },
  operationId: "verifyCredential",
  method: "post",
  path: "/v1/credentials/verify",
  tags: ["Credentials"],
  summary: "Verify a Kakehashi credential and judge its recognition again today",
  description:
    "Checks the signature against the published keys, the issuer, the validity dates and the catalog digest " +
    "(current, superseded or unknown), and re-runs the equivalence engine for the stated label on today's date. " +
    'Send `{"credential": "<vc+jwt>"}` as JSON or the token itself as `application/vc+jwt`. A token that cannot ' +
    "be checked (malformed, `alg` none or HMAC, unknown key id, not a VC 2.0 payload, an `exp`, `nbf` or `iat` that " +
    "is not a number) is 422; a token that can be checked but fails (altered, expired, another issuer) is 200 with " +
    `\`verified: false\`. Body at most ${VERIFY_LIMIT_BYTES / 1024} KiB, read under the same rules as every JSON body.`,
  request: {
    body: {
      required: true,
      // The JSON form is described as a plain schema, not a zod one: a zod body would be validated for every request,
      // including bare vc+jwt bodies. The handler validates it with VerifyRequest.
      content: { "application/json": { schema: verifyRequestSchema }, [VC_JWT_MEDIA_TYPE]: { schema: VcJwt } },
    },
  },
  responses: {
    200: { description: "The verification report", content: { "application/json": { schema: VerifyResult } } },
    ...problemResponses(400, 406, 413, 415, 422, 503),
  },
});

/** A credential's UUID, optionally with `.svg` or `.png` for its QR code. */
export const CREDENTIAL_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\.svg|\.png)?$/;
export const QR_CONTENT_HEADER = "Kakehashi-QR-Content";

const credentialParams = z.object({
  id: z.string().regex(CREDENTIAL_FILE).openapi({
    description: "the credential's UUID (its id without urn:uuid:); add .svg or .png for its QR code",
    example: "0f8e4c1a-7d53-4f0e-9a57-3c2b9d1e6f40.svg",
  }),
});

export const issuedCredential = defineRoute({
  facts: { edge: "private", bySuffix: { ".svg": ["image/svg+xml"], ".png": ["image/png"] } },
  operationId: "getCredential",
  method: "get",
  path: "/v1/credentials/{id}",
  tags: ["Credentials"],
  summary: "An issued compact credential, or its QR code",
  description:
    "The compact credential this service issued under that id (kept for its validity, at most 400 days; not after a " +
    "restart without Redis): as `application/vc+jwt` by default, or as a QR code with `Accept: image/svg+xml` or " +
    "`image/png` — or ask for `{id}.svg` / `{id}.png`. The QR code holds the credential itself (error correction M); " +
    "where it is too long for one, the code holds a link to the verify page for it instead, and the " +
    `\`${QR_CONTENT_HEADER}\` header says which (\`credential\` or \`link\`).`,
  request: { params: credentialParams },
  responses: {
    200: {
      description: "The credential, or its QR code",
      headers: {
        [QR_CONTENT_HEADER]: {
          schema: { type: "string" as const, enum: ["credential", "link"] },
          description: "for a QR code: whether it holds the credential itself or a link to it",
        },
      },
      content: {
        ...credentialContent,
        "image/svg+xml": { schema: z.string() },
        "image/png": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...problemResponses(400, 404, 406),
  },
});

export const credentialAnswer = defineRoute({
  facts: { edge: "private" },
  operationId: "getCredentialAnswer",
  method: "get",
  path: "/v1/credentials/{id}/answer",
  tags: ["Credentials"],
  summary: "The full answer a compact credential refers to",
  description:
    "The full-form credential (KakehashiCredential, unsigned) that a compact credential names in " +
    "`credentialSubject.answer`: its SHA-256 is the `digestSRI` there, so the signature on the compact credential " +
    "covers these bytes too.",
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        .openapi({ description: "the credential's UUID" }),
    }),
  },
  responses: {
    200: {
      description: "The full answer, byte for byte as digested",
      content: { "application/json": { schema: KakehashiCredential } },
    },
    ...problemResponses(400, 404, 406),
  },
});
