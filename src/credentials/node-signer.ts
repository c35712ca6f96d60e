import { KeyObject, sign } from "node:crypto";
import type { SignerFactory } from "./keys.ts";

/**
 * The Node origin's signer: node:crypto's one-shot `sign` with a callback, which runs OpenSSL on libuv's thread pool.
 * The signature (Ed25519 ≈ 33–50 µs of CPU) is the largest single cost of a signed answer; signed synchronously it
 * held the event loop — every other request waiting — that long, now ~5–9 µs to hand it over and take the result
 * back, for ~3–7 µs more CPU in all (docs/decisions.md, "Signatures off the event loop"). The key is made a KeyObject
 * once. ECDSA signatures in JOSE are r‖s (IEEE P1363), not DER. Not for the Worker (Web Crypto).
 */
export const nodeSigner: SignerFactory = (alg, key) => {
  const keyObject = KeyObject.from(key);
  const ecdsa = { key: keyObject, dsaEncoding: "ieee-p1363" as const };
  const done =
    (resolve: (signature: Uint8Array) => void, reject: (error: Error) => void) =>
    (error: Error | null, signature: Uint8Array) =>
      error ? reject(error) : resolve(signature);
  return alg === "EdDSA"
    ? (data) => new Promise((resolve, reject) => sign(null, data, keyObject, done(resolve, reject)))
    : (data) => new Promise((resolve, reject) => sign("sha256", data, ecdsa, done(resolve, reject)));
};
