import {
  type KakehashiCredential,
  type RecognitionClaim,
  type StatedRule,
  VC_V2_CONTEXT,
} from "../contracts/credential.ts";
import type { EquivalenceAnswer } from "../contracts/equivalence.ts";
import type { CanonicalRecord } from "../contracts/record.ts";
import { hexToBase64 } from "./base64.ts";

/**
 * Builds the credential payloads (pure: no keys, no Hono). A credential restates what the API answered — the
 * canonical record, the target-format record of a translation and the recognition judged on a date — and adds what a
 * receiver needs to rely on it: who says so, until when, and the digests of the catalog and the source record it
 * was computed from.
 */

/** The recognition an equivalence answer states, as a plain claim: recognized or provisional, under which rules. */
export function recognitionClaim(answer: EquivalenceAnswer): RecognitionClaim {
  const status = answer.verdict === "recognized" ? "recognized" : "provisional";
  const rules: StatedRule[] = answer.legal.rules.map((r) => ({
    arrangement: r.arrangement,
    rule: r.rule,
    title: r.title,
    instrument: r.instrument,
    effect: r.effect,
    toLevel: r.toLevel,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    legalBasis: r.sources.map((s) => ({ title: s.title, url: s.url, locator: s.locator })),
  }));
  const granted = answer.legal.rules.find((r) => r.effect === "full-recognition" || r.effect === "deemed-compliance");
  const label = `${answer.from.scheme} ${answer.from.level}`;
  const target = answer.to.scheme;
  const cited = rules.map((r) => `rule ${r.rule} of ${r.instrument}`).join("; ");
  const statement =
    status === "recognized"
      ? `On ${answer.asOf}, a ${label} label is recognized in ${target}${granted ? ` at ${granted.toLevel}` : ""} under ${cited}.`
      : rules.length > 0
        ? `On ${answer.asOf}, a ${label} label is not fully recognized in ${target}: ${cited} applies (${rules.map((r) => r.effect).join(", ")}); the rest is provisional until ${target} assesses the product.`
        : `On ${answer.asOf}, no arrangement in force recognizes a ${label} label in ${target}: this is a provisional translation, not a ${target} grant.`;
  return {
    scheme: target,
    status,
    judgedOn: answer.asOf,
    verdict: answer.verdict,
    level: status === "recognized" ? (granted?.toLevel ?? null) : null,
    rules,
    statement,
  };
}

/**
 * The last instant the credential may be relied on: never after the label's own valid-until date, nor after a rule
 * it claims recognition under stops being in force. Undefined when neither has an end (a PSTI statement, an EU
 * declaration): the claims still name the date they were judged on.
 */
export function validUntilFor(canonical: CanonicalRecord, claims: RecognitionClaim[]): string | undefined {
  const ends = [
    canonical.dates.validUntil,
    ...claims.filter((c) => c.status === "recognized").flatMap((c) => c.rules.map((r) => r.effectiveTo)),
  ].filter((d): d is string => typeof d === "string");
  if (ends.length === 0) return undefined;
  const earliest = ends.sort()[0] as string;
  return `${earliest}T23:59:59Z`;
}

export interface CredentialInput {
  kind: "translation" | "record";
  /** `urn:uuid:…`, fresh for each credential. */
  id: string;
  issuer: string;
  /** When it is issued (epoch ms). */
  issuedAt: number;
  /** The canonical record, its status computed on the day. */
  canonical: CanonicalRecord;
  subjectId: string;
  recordVersion?: number;
  /** `records`: every target record where the target holds one model per record (`record` is the first). */
  target?: { scheme: string; record: Record<string, unknown>; records?: Record<string, unknown>[]; complete: boolean };
  recognition: EquivalenceAnswer[];
  catalogDigest: string;
  /** SHA-256 (hex) of the record the answer was computed from, as received or as stored. */
  sourceDigest: string;
}

export function buildCredential(input: CredentialInput): KakehashiCredential {
  const claims = input.recognition.map(recognitionClaim);
  const validFrom = new Date(Math.floor(input.issuedAt / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const validUntil = validUntilFor(input.canonical, claims);
  const { canonical } = input;
  const name =
    input.kind === "translation" && input.target
      ? `Kakehashi translation of a ${canonical.scheme} ${canonical.level} record for ${input.target.scheme}`
      : `Kakehashi record of a ${canonical.scheme} ${canonical.level} label${canonical.registrationId ? ` (${canonical.registrationId})` : ""}`;
  const iat = Math.floor(input.issuedAt / 1000);
  return {
    "@context": [VC_V2_CONTEXT],
    id: input.id,
    type: ["VerifiableCredential", "DigitalConformityCredential"],
    name,
    issuer: { id: input.issuer, name: "Kakehashi" },
    validFrom,
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: {
      id: input.subjectId,
      type: ["ConformityAttestation"],
      kind: input.kind,
      record: canonical as unknown as Record<string, unknown>,
      ...(input.recordVersion !== undefined ? { recordVersion: input.recordVersion } : {}),
      ...(input.target
        ? {
            targetRecord: {
              scheme: input.target.scheme,
              format: "native" as const,
              record: input.target.record,
              ...(input.target.records && input.target.records.length > 1 ? { records: input.target.records } : {}),
              complete: input.target.complete,
            },
          }
        : {}),
      recognition: claims,
    },
    evidence: [
      digestEvidence(
        "catalog",
        input.catalogDigest,
        "Kakehashi catalog",
        "the sourced catalog of schemes, crosswalks and arrangements every claim was computed from",
      ),
      digestEvidence(
        "source",
        input.sourceDigest,
        "Source record",
        input.kind === "translation"
          ? "SHA-256 of the source record as received (its JSON text)"
          : "SHA-256 of the stored canonical record (its JSON text)",
      ),
    ],
    // The JWT claims mirror the credential so a stock JWT library checks issuer and dates too.
    iss: input.issuer,
    jti: input.id,
    iat,
    nbf: iat,
    ...(validUntil ? { exp: Math.floor(Date.parse(validUntil) / 1000) } : {}),
  };
}

function digestEvidence(kind: "catalog" | "source", hex: string, name: string, description: string) {
  return {
    id: `urn:kakehashi:${kind}:sha256:${hex}`,
    type: ["Evidence", kind === "catalog" ? "CatalogDigest" : "SourceRecordDigest"],
    name,
    description,
    sha256: hex,
    digestSRI: `sha256-${hexToBase64(hex)}`,
  };
}

/** The catalog digest a credential names, read from its evidence. */
export function catalogDigestOf(credential: { evidence?: unknown }): string | null {
  if (!Array.isArray(credential.evidence)) return null;
  for (const item of credential.evidence) {
    const id = (item as { id?: unknown })?.id;
    if (typeof id === "string" && id.startsWith("urn:kakehashi:catalog:sha256:")) return id.slice(29);
  }
  return null;
}
