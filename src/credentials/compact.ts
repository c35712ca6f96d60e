import type { KakehashiCredential } from "../contracts/credential.ts";
import type { KakehashiCompactCredential } from "../contracts/credential-compact.ts";
import type { CanonicalRecord } from "../contracts/record.ts";

/**
 * The compact form of a credential, derived from the full one (one source of truth for what is claimed): the product,
 * the source label, the target, each claim with its verdict and the rules relied on (instrument and in-force dates),
 * and the full answer by URL and digest. What it leaves out — the records themselves, rule titles, legal-basis
 * citations, the one-sentence statement — is in the answer it names. Sized for a QR code (docs/credentials.md).
 */
export function compactCredential(
  full: KakehashiCredential,
  answer: { url: string; digestSRI: string },
): KakehashiCompactCredential {
  const subject = full.credentialSubject;
  const record = subject.record as unknown as CanonicalRecord;
  const evidence = full.evidence.map((e) => ({ id: e.id }));
  return {
    "@context": full["@context"],
    id: full.id,
    type: full.type,
    issuer: full.issuer.id,
    validFrom: full.validFrom,
    ...(full.validUntil ? { validUntil: full.validUntil } : {}),
    credentialSubject: {
      // A translation's subject id only repeats the source digest (in evidence); a stored record's names the record.
      ...(subject.id.startsWith("urn:kakehashi:record:") ? { id: subject.id } : {}),
      type: subject.type,
      kind: subject.kind,
      product: {
        maker: record.holder.name,
        name: record.product.name,
        models: record.product.models,
        category: record.product.category,
      },
      label: {
        scheme: record.scheme,
        schemeVersion: record.schemeVersion,
        level: record.level,
        registrationId: record.registrationId,
        status: record.status,
        issued: record.dates.issued,
        validUntil: record.dates.validUntil,
      },
      ...(subject.targetRecord
        ? { target: { scheme: subject.targetRecord.scheme, complete: subject.targetRecord.complete } }
        : {}),
      recognition: subject.recognition.map((claim) => ({
        scheme: claim.scheme,
        status: claim.status,
        judgedOn: claim.judgedOn,
        verdict: claim.verdict,
        level: claim.level,
        rules: claim.rules.map((r) => ({
          arrangement: r.arrangement,
          rule: r.rule,
          instrument: r.instrument,
          effect: r.effect,
          effectiveFrom: r.effectiveFrom,
          effectiveTo: r.effectiveTo,
        })),
      })),
      answer,
    },
    evidence,
    // No `jti`: it would repeat `id` (45 bytes of a QR code); `iss` stays so stock JWT libraries check the issuer.
    iss: full.iss,
    iat: full.iat,
    nbf: full.nbf,
    ...(full.exp !== undefined ? { exp: full.exp } : {}),
  };
}
