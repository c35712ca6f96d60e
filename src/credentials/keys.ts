import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

/**
 * The keys credentials are signed and checked with. One signing key (a private JWK from configuration, or an
 * ephemeral one) and every public key the service publishes: the signing key's public half first, then older keys
 * kept so that credentials they signed still verify after a rotation.
 *
 * Only asymmetric algorithms: a receiving registry must be able to check a credential with the public key alone.
 */
export const SIGNING_ALGORITHMS = ["EdDSA", "ES256"] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface PublishedKey {
  /** The key id: the JWK's own `kid`, or its RFC 7638 thumbprint. Also the fragment of its DID URL. */
  kid: string;
  alg: SigningAlgorithm;
  /** The public JWK (kty, crv, x[, y]) — never a private member. */
  jwk: JWK;
  key: CryptoKey;
}

/** Signs a JWS signing input; the result is the JWS signature (Ed25519, or ECDSA P-256 as r‖s). */
export type SignFn = (data: Uint8Array) => Promise<Uint8Array> | Uint8Array;

/** Makes the signer for a key: Web Crypto by default; the Node entry passes a node:crypto one. */
export type SignerFactory = (alg: SigningAlgorithm, key: CryptoKey) => SignFn;

export const webCryptoSigner: SignerFactory = (alg, key) => {
  const params = alg === "EdDSA" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" };
  return async (data) => new Uint8Array(await crypto.subtle.sign(params, key, data as Uint8Array<ArrayBuffer>));
};

export interface KeyRing {
  signing: { kid: string; alg: SigningAlgorithm; key: CryptoKey; sign: SignFn } | undefined;
  published: PublishedKey[];
  /** True when the signing key was generated at start-up: its credentials stop verifying on restart. */
  ephemeral: boolean;
}

/** A key configuration the service cannot use; the message names the setting and what is wrong. */
export class KeyConfigError extends Error {}

const kidPattern = /^[A-Za-z0-9._~-]{1,128}$/;

/** The algorithm a JWK signs with: Ed25519 → EdDSA, P-256 → ES256; anything else is refused. */
export function algorithmFor(jwk: JWK, setting: string): SigningAlgorithm {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  throw new KeyConfigError(
    `${setting}: a ${jwk.kty ?? "?"}${jwk.crv ? `/${jwk.crv}` : ""} key is not supported; use Ed25519 (OKP) or P-256 (EC)`,
  );
}

/** The public members of a JWK, whatever else it carries. */
export function publicJwk(jwk: JWK): JWK {
  const out: JWK = { kty: jwk.kty };
  for (const member of ["crv", "x", "y"] as const) if (jwk[member] !== undefined) out[member] = jwk[member];
  return out;
}

async function keyId(jwk: JWK, setting: string): Promise<string> {
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk(jwk), "sha256"));
  if (!kidPattern.test(kid)) {
    throw new KeyConfigError(`${setting}: kid "${kid.slice(0, 40)}" must be 1–128 letters, digits or . _ ~ -`);
  }
  return kid;
}

function parseJson(text: string, setting: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The text may be a private key: never echo it.
    throw new KeyConfigError(`${setting}: not JSON (expected a JWK)`);
  }
}

async function publishedKey(jwk: JWK, setting: string): Promise<PublishedKey> {
  const alg = algorithmFor(jwk, setting);
  const kid = await keyId(jwk, setting);
  const pub = publicJwk(jwk);
  try {
    return { kid, alg, jwk: pub, key: (await importJWK(pub, alg)) as CryptoKey };
  } catch (error) {
    throw new KeyConfigError(`${setting}: key ${kid} could not be imported (${(error as Error).message})`);
  }
}

/**
 * Builds the key ring from configuration text: `signingKey` a private JWK (JSON), `publishedKeys` a JWK Set
 * (`{"keys": [...]}`) or an array of public JWKs — the retired keys that stay published. Throws KeyConfigError.
 */
export async function loadKeyRing(config: {
  signingKey?: string | undefined;
  publishedKeys?: string | undefined;
  signingSetting?: string;
  publishedSetting?: string;
  signer?: SignerFactory | undefined;
}): Promise<KeyRing> {
  const signingSetting = config.signingSetting ?? "CREDENTIAL_SIGNING_KEY";
  const publishedSetting = config.publishedSetting ?? "CREDENTIAL_PUBLISHED_KEYS";
  const published: PublishedKey[] = [];
  let signing: KeyRing["signing"];
  if (config.signingKey?.trim()) {
    const jwk = parseJson(config.signingKey, signingSetting) as JWK;
    if (typeof jwk !== "object" || jwk === null || typeof jwk.d !== "string") {
      throw new KeyConfigError(`${signingSetting}: must be a private JWK (with "d")`);
    }
    const pub = await publishedKey(jwk, signingSetting);
    let key: CryptoKey;
    try {
      key = (await importJWK({ ...jwk, ext: false }, pub.alg)) as CryptoKey;
    } catch (error) {
      throw new KeyConfigError(
        `${signingSetting}: the private key could not be imported (${(error as Error).message})`,
      );
    }
    signing = { kid: pub.kid, alg: pub.alg, key, sign: (config.signer ?? webCryptoSigner)(pub.alg, key) };
    published.push(pub);
  }
  if (config.publishedKeys?.trim()) {
    const parsed = parseJson(config.publishedKeys, publishedSetting);
    const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown })?.keys;
    if (!Array.isArray(list)) throw new KeyConfigError(`${publishedSetting}: must be a JWK Set or an array of JWKs`);
    for (const [index, entry] of list.entries()) {
      const setting = `${publishedSetting}[${index}]`;
      if (typeof entry !== "object" || entry === null) throw new KeyConfigError(`${setting}: not a JWK`);
      if ("d" in entry) throw new KeyConfigError(`${setting}: holds a private key; publish public keys only`);
      const key = await publishedKey(entry as JWK, setting);
      const same = published.find((p) => p.kid === key.kid);
      if (same && (same.jwk.x !== key.jwk.x || same.jwk.y !== key.jwk.y)) {
        throw new KeyConfigError(`${setting}: kid ${key.kid} is already used by another key`);
      }
      if (!same) published.push(key);
    }
  }
  return { signing, published, ephemeral: false };
}

/** A fresh Ed25519 signing key that lives as long as the process: for development, never for production. */
export async function ephemeralKeyRing(extraPublished?: string, signer?: SignerFactory): Promise<KeyRing> {
  const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const ring = await loadKeyRing({
    signingKey: JSON.stringify({ ...jwk, kid: `ephemeral-${(await keyId(jwk, "ephemeral")).slice(0, 16)}` }),
    publishedKeys: extraPublished,
    signer,
  });
  return { ...ring, ephemeral: true };
}

/** A private JWK for configuration, as `npm run credential-key` prints it. */
export async function newSigningJwk(alg: SigningAlgorithm = "EdDSA"): Promise<JWK> {
  const { privateKey } = await generateKeyPair(
    alg,
    alg === "EdDSA" ? { crv: "Ed25519", extractable: true } : { extractable: true },
  );
  const jwk = await exportJWK(privateKey);
  const date = new Date().toISOString().slice(0, 10);
  return { ...jwk, kid: `${date}-${(await keyId(jwk, "new")).slice(0, 8)}` };
}

/** How the app reaches its keys: loaded once (the Worker reads its secret on first use), plus the configured DID. */
export interface CredentialConfig {
  keys(): Promise<KeyRing>;
  /** `ISSUER_DID`; unset = `did:web:` of the request's host. */
  issuerDid(): string | undefined;
  /** Epoch ms for validFrom / iat and for checking validity; defaults to Date.now (tests inject it). */
  now?(): number;
}
