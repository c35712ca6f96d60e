// Verify a Kakehashi credential with nothing but `jose` (npm install jose@6.2.17), as a receiving registry would.
//   node verify-credential.mjs credential.jwt did:web:kakehashi.example
// The DID is the issuer you decided to trust, written down in advance: never take it from the token itself.
// KAKEHASHI_URL overrides where the keys are fetched from (e.g. http://127.0.0.1:8787 for a local server).
import { readFileSync } from "node:fs";
import { createRemoteJWKSet, jwtVerify } from "jose";

const [file, did] = process.argv.slice(2);
if (!file || !did?.startsWith("did:web:")) {
  console.error("usage: node verify-credential.mjs <credential.jwt> <did:web:host>");
  process.exit(2);
}
const token = readFileSync(file, "utf8").trim();
// did:web:host%3Aport → https://host:port — the host that publishes the issuer's keys.
const origin = process.env.KAKEHASHI_URL ?? `https://${decodeURIComponent(did.slice("did:web:".length))}`;
const keys = createRemoteJWKSet(new URL("/.well-known/jwks.json", origin));

try {
  // Signature (EdDSA or ES256 only — never none or HMAC), typ vc+jwt, issuer, and the validity dates (nbf/exp).
  const { payload, protectedHeader } = await jwtVerify(token, keys, {
    issuer: did,
    typ: "vc+jwt",
    algorithms: ["EdDSA", "ES256"],
  });
  const subject = payload.credentialSubject;
  console.log(
    `verified: signed by ${protectedHeader.kid}, valid ${payload.validFrom} → ${payload.validUntil ?? "no end"}`,
  );
  // The compact form (the default) states the label; the full form (?form=full) embeds the record.
  const label = subject.label ?? subject.record;
  console.log(`label: ${label.scheme} ${label.level} ${label.registrationId ?? ""}`.trim());
  for (const claim of subject.recognition) {
    const rules = claim.rules.map((r) => `${r.rule} (${r.instrument})`).join("; ") || "no rule";
    console.log(`${claim.scheme}: ${claim.status} on ${claim.judgedOn} — ${rules}`);
  }
  // Each evidence id names a digest: urn:kakehashi:catalog:sha256:<hex> or urn:kakehashi:source:sha256:<hex>.
  for (const evidence of payload.evidence) console.log(`evidence ${evidence.id}`);
  // A compact credential's full answer: fetch it and compare its SHA-256 with this digest, which the signature covers.
  if (subject.answer) console.log(`full answer: ${subject.answer.url} (${subject.answer.digestSRI})`);
} catch (error) {
  console.error(`NOT verified: ${error.code ?? ""} ${error.message}`);
  process.exit(1);
}
