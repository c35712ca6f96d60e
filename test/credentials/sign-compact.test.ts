import { createHash } from "node:crypto";
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import catalog from "../../generated/catalog.js";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { buildCredential } from "../../src/credentials/credential.ts";
import { loadKeyRing, newSigningJwk, webCryptoSigner } from "../../src/credentials/keys.ts";
import { nodeSigner } from "../../src/credentials/node-signer.ts";
import { headerSegment, signCredential } from "../../src/credentials/secure.ts";
import { signCompact } from "../../src/credentials/sign-compact.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { Translator } from "../../src/domain/translation/translator.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A real translation's full credential, with Japanese in it (the JC-STAR sample record). */
async function fullCredential() {
  const index = new CatalogIndex(catalog);
  const translator = new Translator(index, new EquivalenceEngine(index), sha256);
  const record = catalog.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample as Record<string, unknown>;
  const result = await translator.translate({
    from: "jc-star",
    to: "uk-psti",
    format: "native",
    record,
    asOf: "2026-01-15",
  });
  return buildCredential({
    kind: "translation",
    id: "urn:uuid:00000000-0000-4000-8000-000000000001",
    issuer: "did:web:issuer.example",
    issuedAt: Date.parse("2026-01-15T00:00:00Z"),
    canonical: { ...result.canonical, product: { ...result.canonical.product, name: "見守りカメラ ★1" } },
    subjectId: `urn:kakehashi:translation:sha256:${result.derivation.sourceDigest}`,
    target: { scheme: result.to, record: result.record, complete: result.recordValid },
    recognition: [result.recognition],
    catalogDigest: result.derivation.catalogDigest,
    sourceDigest: result.derivation.sourceDigest,
  });
}

describe("signing a credential (the JWS assembled by hand)", () => {
  it("is byte for byte the compact JWS jose's CompactSign makes, with Node's signer and with Web Crypto's", async () => {
    const jwk = await newSigningJwk("EdDSA");
    const credential = await fullCredential();
    const did = "did:web:issuer.example";
    for (const signer of [nodeSigner, webCryptoSigner]) {
      const ring = await loadKeyRing({ signingKey: JSON.stringify(jwk), signer });
      const signing = ring.signing as NonNullable<typeof ring.signing>;
      const token = await signCredential(credential, signing, did);
      // Ed25519 signatures are deterministic: the same header, payload and key give the same bytes.
      const reference = await new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
        .setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", cty: "vc", kid: `${did}#${signing.kid}` })
        .sign(await importJWK(jwk, "EdDSA"));
      expect(token).toBe(reference);
    }
  });

  it("names the key of the DID it is signed for, however the DIDs alternate (the header kept is never stale)", async () => {
    const ring = await loadKeyRing({ signingKey: JSON.stringify(await newSigningJwk("ES256")), signer: nodeSigner });
    const signing = ring.signing as NonNullable<typeof ring.signing>;
    const key = ring.published[0]?.key as NonNullable<(typeof ring.published)[0]>["key"];
    for (const did of ["did:web:a.example", "did:web:b.example", "did:web:a.example", "did:web:c.example%3A8443"]) {
      const token = await signCredential(await fullCredential(), signing, did);
      expect(decodeProtectedHeader(token)).toEqual({
        alg: "ES256",
        typ: "vc+jwt",
        cty: "vc",
        kid: `${did}#${signing.kid}`,
      });
      await expect(compactVerify(token, key)).resolves.toBeDefined();
      expect(token.split(".")[0]).toBe(headerSegment("ES256", signing.kid, did));
    }
  });

  it("the compact form's digest is the SHA-256 of the answer's UTF-8 bytes, as SRI", async () => {
    const ring = await loadKeyRing({ signingKey: JSON.stringify(await newSigningJwk("EdDSA")), signer: nodeSigner });
    const signing = ring.signing as NonNullable<typeof ring.signing>;
    const { token, answer } = await signCompact(await fullCredential(), {
      origin: "https://issuer.example",
      sha256,
      signing,
      did: "did:web:issuer.example",
    });
    expect(answer).toContain("見守りカメラ");
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    expect(payload.credentialSubject.answer.digestSRI).toBe(
      `sha256-${createHash("sha256").update(Buffer.from(answer, "utf8")).digest("base64")}`,
    );
  });
});
