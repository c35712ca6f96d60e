import { compactVerify, decodeProtectedHeader, errors } from "jose";
import { AnyCredential, type KakehashiCredential } from "../contracts/credential.ts";
import type { KakehashiCompactCredential } from "../contracts/credential-compact.ts";
import { asciiBytes, base64url, base64urlOfText } from "./base64.ts";
import { keyUrl } from "./did.ts";
import { type KeyRing, type PublishedKey, SIGNING_ALGORITHMS, type SigningAlgorithm } from "./keys.ts";

/**
 * Securing credentials with JOSE as VC-JOSE-COSE defines it: a compact JWS whose payload is the credential itself
 * (media type `application/vc+jwt`), with `typ: vc+jwt`, `cty: vc` and `kid` the DID URL of the signing key.
 */

const decoder = new TextDecoder();

/**
 * The compact JWS, assembled here rather than by jose's CompactSign: the bytes are the same (jose verifies them in the
 * tests), but the signature comes from the key ring's signer — node:crypto on Node, where Web Crypto's asynchronous
 * sign costs more — base64url is Node's native encoder (the table one elsewhere), and the header, the same for every
 * credential a key signs, is encoded once. All of it is on every credential's hot path (bench/credentials.ts).
 */
export async function signCredential(
  credential: KakehashiCredential | KakehashiCompactCredential,
  signing: NonNullable<KeyRing["signing"]>,
  did: string,
): Promise<string> {
  const input = `${headerSegment(signing.alg, signing.kid, did)}.${base64urlOfText(JSON.stringify(credential))}`;
  const signature = await signing.sign(asciiBytes(input));
  return `${input}.${base64url(signature)}`;
}

/**
 * The JWS's first part, the base64url of its protected header. It changes only with the key or the issuer's DID, so
 * the last one is kept (one entry: a DID taken from the request's Host must not grow a table).
 */
let lastHeader: { alg: string; kid: string; did: string; segment: string } | undefined;

export function headerSegment(alg: SigningAlgorithm, kid: string, did: string): string {
  const last = lastHeader;
  if (last && last.alg === alg && last.kid === kid && last.did === did) return last.segment;
  const header = { alg, typ: "vc+jwt", cty: "vc", kid: keyUrl(did, kid) };
  const segment = base64urlOfText(JSON.stringify(header));
  lastHeader = { alg, kid, did, segment };
  return segment;
}

/** A token that cannot be checked at all: the verify route answers 422, naming what is wrong. */
export class UncheckableCredential extends Error {
  /** `unknown-key`: a well-formed token naming a key this service never published (the page says so in words). */
  constructor(
    message: string,
    readonly reason?: "unknown-key",
  ) {
    super(message);
  }
}

export interface SignatureOutcome {
  header: { alg: SigningAlgorithm; kid: string };
  key: PublishedKey;
  /** The DID the `kid` header names (the part before `#`). */
  kidDid: string;
  signatureValid: boolean;
  /** The payload, parsed, when the signature is valid. */
  payload: Record<string, unknown> | null;
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Checks a vc+jwt against the published keys. Throws UncheckableCredential for what is not a credential of this
 * service's making — malformed, an unsupported algorithm (`none`, any HMAC), a `typ` other than vc+jwt, a key id
 * that was never published, a payload that is not a VC 2.0 credential; returns `signatureValid: false` for a
 * well-formed token whose signature does not match (tampered, or signed by another key under our key id).
 */
export async function checkSignature(token: string, ring: KeyRing): Promise<SignatureOutcome> {
  const compact = token.trim();
  if (!compactJws.test(compact)) {
    throw new UncheckableCredential("not a compact JWS: expected three base64url parts separated by dots");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(compact);
  } catch {
    throw new UncheckableCredential("the JOSE header is not base64url-encoded JSON");
  }
  if (!SIGNING_ALGORITHMS.includes(header.alg as SigningAlgorithm)) {
    throw new UncheckableCredential(
      `algorithm "${String(header.alg).slice(0, 20)}" is not accepted; credentials are signed with ${SIGNING_ALGORITHMS.join(" or ")}`,
    );
  }
  const typ = String(header.typ ?? "").toLowerCase();
  if (typ !== "vc+jwt" && typ !== "application/vc+jwt") {
    throw new UncheckableCredential(`typ "${String(header.typ ?? "").slice(0, 40)}" is not vc+jwt`);
  }
  const kid = typeof header.kid === "string" ? header.kid : "";
  const hash = kid.lastIndexOf("#");
  const fragment = hash >= 0 ? kid.slice(hash + 1) : kid;
  const key = ring.published.find((k) => k.kid === fragment);
  if (!key) {
    throw new UncheckableCredential(
      kid ? `key id "${kid.slice(0, 200)}" is not one this service publishes` : "the JOSE header names no key (kid)",
      kid ? "unknown-key" : undefined,
    );
  }
  if (key.alg !== header.alg) {
    throw new UncheckableCredential(`key ${key.kid} signs with ${key.alg}, not ${String(header.alg)}`);
  }
  const outcome = {
    header: { alg: key.alg, kid },
    key,
    kidDid: hash >= 0 ? kid.slice(0, hash) : "",
  };
  let bytes: Uint8Array;
  try {
    bytes = (await compactVerify(compact, key.key, { algorithms: [key.alg] })).payload;
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ...outcome, signatureValid: false, payload: null };
    throw new UncheckableCredential(`the token could not be checked: ${(error as Error).message.slice(0, 200)}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new UncheckableCredential("the payload is not JSON, so not a credential");
  }
  const badDate = notNumericDate(payload);
  if (badDate) throw new UncheckableCredential(badDate);
  const shape = AnyCredential.safeParse(payload);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    throw new UncheckableCredential(
      `the payload is not a W3C VC 2.0 credential: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "?"}`,
    );
  }
  return { ...outcome, signatureValid: true, payload: shape.data as Record<string, unknown> };
}

/**
 * RFC 7519 §4.1: `exp`, `nbf` and `iat` are NumericDates — seconds since 1970 as a JSON number. A token saying
 * `"exp": "never"` is no JWT a verifier can judge (jose itself refuses it), so it is refused by name rather than read
 * as "no expiry".
 */
function notNumericDate(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  for (const claim of ["exp", "nbf", "iat"] as const) {
    if (!(claim in payload)) continue;
    const value = (payload as Record<string, unknown>)[claim];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const shown = (JSON.stringify(value) ?? String(value)).slice(0, 40);
      return `${claim} must be a NumericDate (seconds since 1970 as a JSON number, RFC 7519), not ${shown}`;
    }
  }
  return undefined;
}
