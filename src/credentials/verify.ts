import { z } from "zod";
import { IsoDate } from "../contracts/common.ts";
import type { VerifyResult } from "../contracts/credential.ts";
import type { EquivalenceAnswer } from "../contracts/equivalence.ts";
import { CanonicalRecord, emptyCanonical } from "../contracts/record.ts";
import { effectiveStatus } from "../domain/translation/translator.ts";
import { catalogDigestOf, recognitionClaim } from "./credential.ts";
import type { KeyRing } from "./keys.ts";
import { checkSignature } from "./secure.ts";

export interface VerifyContext {
  ring: KeyRing;
  /** The DID this service issues as. */
  did: string;
  now: number;
  today: string;
  catalogDigest: string;
  /** The recognition a label earns in a scheme today; null when the scheme is not in the catalog. */
  recognize: (canonical: CanonicalRecord, scheme: string) => EquivalenceAnswer | null;
}

/**
 * What a market-surveillance officer needs to know about a credential: is it ours and unaltered (signature, issuer),
 * may it be relied on now (validity dates), which catalog it was computed from, and whether what it states about
 * recognition is still the answer today. Throws UncheckableCredential (→ 422) for input that is no credential of ours.
 */
export async function verifyCredential(token: string, context: VerifyContext): Promise<VerifyResult> {
  const outcome = await checkSignature(token, context.ring);
  const checkedAt = new Date(context.now).toISOString();
  const base = {
    checkedAt,
    credential: {
      id: null,
      kid: outcome.header.kid,
      alg: outcome.header.alg,
      issuer: null,
      keyCurrent: outcome.key.kid === context.ring.signing?.kid,
    },
    today: context.today,
  };
  if (!outcome.signatureValid || !outcome.payload) {
    return {
      ...base,
      verified: false,
      checks: {
        signature: {
          ok: false,
          detail: `the signature does not match key ${outcome.key.kid}: the credential was altered or signed with another key`,
        },
        issuer: null,
        validity: null,
        catalog: null,
      },
      label: null,
      product: null,
      answer: null,
      recognition: [],
    };
  }
  const payload = outcome.payload;
  const issuer = typeof payload.issuer === "string" ? payload.issuer : (payload.issuer as { id: string }).id;
  const issuerOk = issuer === context.did && outcome.kidDid === context.did;
  const validity = datesCheck(payload, context.now);
  const catalog = catalogCheck(catalogDigestOf(payload), context.catalogDigest);
  const subject = (payload.credentialSubject ?? {}) as Record<string, unknown>;
  const stated = statedLabel(subject);
  const claims = StatedClaim.array().safeParse(subject.recognition);
  let label: VerifyResult["label"] = null;
  let recognition: VerifyResult["recognition"] = [];
  if (stated) {
    const canonical = { ...stated, status: effectiveStatus(stated, context.today) };
    label = {
      scheme: canonical.scheme,
      level: canonical.level,
      registrationId: canonical.registrationId,
      statusToday: canonical.status,
      validUntil: canonical.dates.validUntil,
    };
    if (claims.success) recognition = claims.data.map((claim) => recheck(claim, canonical, context));
  }
  const answer = CompactAnswer.safeParse(subject.answer);
  return {
    ...base,
    verified: issuerOk && validity.ok,
    credential: {
      id: typeof payload.id === "string" ? payload.id : null,
      kid: outcome.header.kid,
      alg: outcome.header.alg,
      issuer,
      keyCurrent: outcome.key.kid === context.ring.signing?.kid,
    },
    checks: {
      signature: { ok: true, detail: `signed with published key ${outcome.key.kid} (${outcome.key.alg})` },
      issuer: {
        ok: issuerOk,
        expected: context.did,
        actual: issuer,
        detail: issuerOk
          ? "issued by this service's DID"
          : `issuer ${issuer.slice(0, 200)} (key ${outcome.header.kid.slice(0, 200)}) is not this service's DID ${context.did}`,
      },
      validity,
      catalog,
    },
    label,
    product: stated ? { maker: stated.holder.name, name: stated.product.name, models: stated.product.models } : null,
    answer: answer.success ? answer.data : null,
    recognition,
  };
}

/** What `recheck` reads of a stated claim: the part the full and the compact forms share. */
const StatedClaim = z.object({
  scheme: z.string(),
  status: z.enum(["recognized", "provisional"]),
  judgedOn: IsoDate,
  rules: z.array(z.looseObject({ arrangement: z.string(), rule: z.string() })),
});
type StatedClaim = z.infer<typeof StatedClaim>;

const CompactAnswer = z.object({ url: z.string().max(2000), digestSRI: z.string().max(200) });

const CompactLabel = z.object({
  product: z.object({
    maker: z.string().min(1),
    name: z.string().min(1),
    models: z.array(z.string().min(1)),
    category: z.string().nullable(),
  }),
  label: z.object({
    scheme: z.string(),
    schemeVersion: z.string().nullable(),
    level: z.string().min(1),
    registrationId: z.string().nullable(),
    status: CanonicalRecord.shape.status,
    issued: IsoDate.nullable(),
    validUntil: IsoDate.nullable(),
  }),
});

/**
 * The label a credential states, as a canonical record the equivalence engine can judge again: the full form embeds
 * the record; the compact form states the facts the judgement rests on (scheme, version, level, category, status,
 * dates), so the rest of the record is left empty.
 */
function statedLabel(subject: Record<string, unknown>): CanonicalRecord | null {
  const record = CanonicalRecord.safeParse(subject.record);
  if (record.success) return record.data;
  const compact = CompactLabel.safeParse(subject);
  if (!compact.success) return null;
  const { product, label } = compact.data;
  const empty = emptyCanonical(label.scheme);
  return {
    ...empty,
    schemeVersion: label.schemeVersion,
    level: label.level,
    registrationId: label.registrationId,
    status: label.status,
    holder: { ...empty.holder, name: product.maker },
    product: { ...empty.product, name: product.name, models: product.models, category: product.category },
    dates: { ...empty.dates, issued: label.issued, validUntil: label.validUntil },
  };
}

function datesCheck(payload: Record<string, unknown>, now: number) {
  const validFrom = typeof payload.validFrom === "string" ? payload.validFrom : null;
  const validUntil = typeof payload.validUntil === "string" ? payload.validUntil : null;
  const from = validFrom ? Date.parse(validFrom) : Number.NaN;
  const until = validUntil ? Date.parse(validUntil) : Number.POSITIVE_INFINITY;
  let detail = validUntil ? `valid from ${validFrom} until ${validUntil}` : `valid from ${validFrom}, no end date`;
  let ok = true;
  if (Number.isNaN(from) || Number.isNaN(until)) {
    ok = false;
    detail = "validFrom is missing or validFrom/validUntil is not a date-time";
  } else if (now < from) {
    ok = false;
    detail = `not valid before ${validFrom}`;
  } else if (now > until) {
    ok = false;
    detail = `expired at ${validUntil}`;
  }
  return { ok, validFrom, validUntil, detail };
}

/**
 * Only the current catalog's digest is known to the process. A different digest under a valid signature of ours was
 * computed by this service from another catalog — older, or (during a rolling deploy) newer on another instance; the
 * service keeps no history, so it cannot say which or what changed. Without our digest evidence it is unknown.
 */
function catalogCheck(digest: string | null, current: string) {
  if (digest === current) {
    return { status: "current" as const, digest, current, detail: "computed from the catalog served now" };
  }
  if (digest && /^[0-9a-f]{64}$/.test(digest)) {
    return {
      status: "superseded" as const,
      digest,
      current,
      detail:
        "computed from another catalog than the one served now (the signature shows this service computed it); the " +
        "recognition below is judged again on the current catalog",
    };
  }
  return { status: "unknown" as const, digest, current, detail: "the credential names no Kakehashi catalog digest" };
}

function recheck(claim: StatedClaim, canonical: CanonicalRecord, context: VerifyContext) {
  const stated = { status: claim.status, judgedOn: claim.judgedOn, rules: claim.rules.map(ruleName) };
  const answer = context.recognize(canonical, claim.scheme);
  if (!answer) {
    return {
      scheme: claim.scheme,
      stated,
      today: null,
      holds: false,
      changes: [`${claim.scheme} is no longer in the catalog`],
    };
  }
  const now = recognitionClaim(answer);
  const today = { status: now.status, verdict: now.verdict, rules: now.rules.map(ruleName) };
  const changes = [
    ...stated.rules.filter((r) => !today.rules.includes(r)).map((r) => `${r} no longer applies`),
    ...today.rules.filter((r) => !stated.rules.includes(r)).map((r) => `${r} applies now`),
  ];
  if (canonical.status !== "active") changes.unshift(`the label is ${canonical.status} today`);
  if (now.status !== claim.status) changes.push(`status ${claim.status} → ${now.status}`);
  return { scheme: claim.scheme, stated, today, holds: now.status === claim.status, changes };
}

function ruleName(rule: { arrangement: string; rule: string }): string {
  return `${rule.arrangement}#${rule.rule}`;
}
