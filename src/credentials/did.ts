import type { KeyRing } from "./keys.ts";

/**
 * The issuer's identity as a `did:web` DID: `did:web:<host>` resolves to `https://<host>/.well-known/did.json`
 * (a port is written `%3A<port>`). Only host-level DIDs: the service serves its DID document at the well-known
 * path, not under a sub-path.
 */
export const DID_WEB = /^did:web:[a-z0-9.-]+(?:%3A[0-9]{1,5})?$/;

/** The DID a request's host stands for; `ISSUER_DID` overrides it in production. */
export function didWebFromHost(host: string): string {
  const [name = "", port] = host.toLowerCase().split(":");
  const safe = name.replace(/[^a-z0-9.-]/g, "");
  return `did:web:${safe || "localhost"}${port && /^[0-9]{1,5}$/.test(port) ? `%3A${port}` : ""}`;
}

/** The DID URL of a key: what a credential's `kid` header names and the DID document lists. */
export function keyUrl(did: string, kid: string): string {
  return `${did}#${kid}`;
}

/** The DID document: every published key as a verification method the issuer asserts credentials with. */
export function didDocument(did: string, ring: KeyRing) {
  const methods = ring.published.map((key) => ({
    id: keyUrl(did, key.kid),
    type: "JsonWebKey2020",
    controller: did,
    publicKeyJwk: key.jwk,
  }));
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/**
 * The JWK Set: each published key with `kid` set to its DID URL — the exact `kid` a credential's header carries —
 * so a stock JOSE library (jose's createRemoteJWKSet) picks the right key with no DID resolution.
 */
export function jwkSet(did: string, ring: KeyRing) {
  return {
    keys: ring.published.map((key) => ({
      ...key.jwk,
      kty: key.jwk.kty ?? "",
      kid: keyUrl(did, key.kid),
      alg: key.alg,
      use: "sig",
    })),
  };
}
