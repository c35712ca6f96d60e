import { KeyObject, sign } from "node:crypto";
import type { SignerFactory } from "./keys.ts";

/**
 * The Node origin's signer: node:crypto signs synchronously, a fraction of the cost of Web Crypto's asynchronous
 * round trip on Node 20. ECDSA signatures in JOSE are r‖s (IEEE P1363), not DER. Not for the Worker (Web Crypto).
 */
export const nodeSigner: SignerFactory = (alg, key) => {
  const keyObject = KeyObject.from(key);
  return alg === "EdDSA"
    ? (data) => sign(null, data, keyObject)
    : (data) => sign("sha256", data, { key: keyObject, dsaEncoding: "ieee-p1363" });
};
