import { newSigningJwk, publicJwk, type SigningAlgorithm } from "../credentials/keys.ts";

/**
 * `npm run credential-key [-- --alg ES256]`: prints a new private signing JWK (Ed25519 by default, or P-256) for
 * CREDENTIAL_SIGNING_KEY, and its public half — the entry to add to CREDENTIAL_PUBLISHED_KEYS when this key is
 * retired, so the credentials it signed keep verifying.
 */
const argument = process.argv.indexOf("--alg");
const alg = (argument >= 0 ? process.argv[argument + 1] : "EdDSA") as SigningAlgorithm;
if (alg !== "EdDSA" && alg !== "ES256") {
  console.error("--alg must be EdDSA (Ed25519) or ES256 (P-256)");
  process.exit(2);
}
const jwk = await newSigningJwk(alg);
console.log("# private signing key: keep it secret (CREDENTIAL_SIGNING_KEY, a file, or `wrangler secret put`)");
console.log(JSON.stringify(jwk));
console.log("# its public half: publish it in CREDENTIAL_PUBLISHED_KEYS after you rotate to a newer key");
console.log(JSON.stringify({ ...publicJwk(jwk), kid: jwk.kid }));
