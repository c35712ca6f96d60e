import type { Context } from "hono";
import { VC_JWT_MEDIA_TYPE } from "../../contracts/credential.ts";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import type { CanonicalRecord } from "../../contracts/record.ts";
import { buildCredential, type CredentialInput } from "../../credentials/credential.ts";
import { didWebFromHost } from "../../credentials/did.ts";
import { ISSUED_MAX_TTL_SECONDS } from "../../credentials/issued.ts";
import type { KeyRing } from "../../credentials/keys.ts";
import { signCredential } from "../../credentials/secure.ts";
import { signCompact } from "../../credentials/sign-compact.ts";
import { webCryptoSha256 } from "../../deps.ts";
import { effectiveStatus, type TranslationCore, UnsupportedPairError } from "../../domain/translation/translator.ts";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import type { StoredRecord } from "../../store/record-store.ts";

/**
 * The glue between the issuing routes and the pure credential modules: content negotiation, the key ring, the DID,
 * and the one response shape. Handlers call `wantsCredential` and then one of the two issuers.
 */

/**
 * Whether the client asked for a credential: `application/vc+jwt` named in Accept with a q at least that of JSON.
 * Wildcards do not count — a client that accepts anything gets the JSON answer.
 */
export function wantsCredential(c: Context<AppEnv>): boolean {
  const accept = c.req.header("accept");
  if (accept === VC_JWT_MEDIA_TYPE) return true; // what a client asking for a credential sends, spared the parsing
  if (!accept?.toLowerCase().includes(VC_JWT_MEDIA_TYPE)) return false;
  let credential = 0;
  let json = 0;
  for (const entry of accept.toLowerCase().split(",")) {
    const [range = "", ...params] = entry.trim().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (Number.isNaN(q)) continue;
    if (range.trim() === VC_JWT_MEDIA_TYPE) credential = Math.max(credential, q);
    if (range.trim() === "application/json") json = Math.max(json, q);
  }
  return credential > 0 && credential >= json;
}

/** This service's DID: the configured one, else did:web of the host the request reached. */
export function issuerDid(c: Context<AppEnv>): string {
  return issuerOf(c).did;
}

/**
 * The issuer's DID and the origin its credentials' links name, reading the request URL at most once. `c.get` rather
 * than `c.var` on this path: Hono's `c.var` copies every request variable into a new object on each read.
 */
function issuerOf(c: Context<AppEnv>): { did: string; origin: string } {
  const configured = c.get("deps").credentials?.issuerDid();
  // did:web names an https host; without one configured, the origin the request reached (development).
  if (configured)
    return { did: configured, origin: `https://${decodeURIComponent(configured.slice("did:web:".length))}` };
  const reached = new URL(c.req.url);
  return { did: didWebFromHost(reached.host), origin: reached.origin };
}

export function nowOf(c: Context<AppEnv>): number {
  const deps = c.get("deps");
  return deps.credentials?.now?.() ?? deps.clock.now();
}

/** The key ring, or a 503 problem where none is configured or it failed to load (logged once per request). */
export async function keyRing(c: Context<AppEnv>): Promise<KeyRing> {
  const config = c.get("deps").credentials;
  if (!config) throw new ProblemError(503, "credentials are not issued here: no signing keys are configured");
  try {
    return await config.keys();
  } catch (error) {
    c.get("deps").logger.error(
      { requestId: c.get("requestId"), component: "credentials", error: (error as Error).message },
      "the credential keys could not be loaded",
    );
    throw new ProblemError(503, "credentials are unavailable: the signing keys are misconfigured (see the log)");
  }
}

async function signingKey(c: Context<AppEnv>) {
  const ring = await keyRing(c);
  if (!ring.signing) {
    throw new ProblemError(503, "credentials are not issued here: no signing key is configured", {
      headers: { "Retry-After": "3600" },
    });
  }
  return ring.signing;
}

function refuseInvalidLabel(canonical: CanonicalRecord, today: string, conflict: 409 | 422, pointer: string): void {
  // A translation judged on a later asOf reads "expired" from its dates alone; what counts here is today.
  const until = canonical.dates.validUntil;
  const dated = canonical.status === "expired" && until !== null && until >= today;
  const status = effectiveStatus(dated ? { ...canonical, status: "active" } : canonical, today);
  if (status === "active") return;
  const why = status === "expired" ? `expired on ${canonical.dates.validUntil}` : status;
  throw new ProblemError(
    conflict,
    `no credential for a label that is not valid today (${today}): it is ${why}; a credential never outlives its label`,
    { errors: [{ pointer, detail: `the label is ${why}` }] },
  );
}

interface Issue {
  kind: "translation" | "record";
  canonical: CanonicalRecord;
  subjectId: string;
  recordVersion?: number;
  target?: CredentialInput["target"];
  recognition: EquivalenceAnswer[];
  sourceDigest: string;
  catalogDigest?: string;
}

async function issue(c: Context<AppEnv>, input: Issue): Promise<Response> {
  const signing = await signingKey(c);
  const deps = c.get("deps");
  const { did, origin } = issuerOf(c);
  const full = buildCredential({
    ...input,
    id: `urn:uuid:${crypto.randomUUID()}`,
    issuer: did,
    issuedAt: nowOf(c),
    catalogDigest: input.catalogDigest ?? deps.catalog.digest,
  });
  if (credentialForm(c) === "full") {
    const token = await signCredential(full, signing, did);
    return c.body(token, 200, { "content-type": VC_JWT_MEDIA_TYPE, "cache-control": "no-store" });
  }
  // Compact (the default): the full form becomes the answer the credential names by URL and digest, kept by id.
  const { uuid, token, answer } = await signCompact(full, {
    origin,
    sha256: deps.sha256 ?? webCryptoSha256,
    signing,
    did,
  });
  const ttl = (full.exp ?? full.iat + ISSUED_MAX_TTL_SECONDS) - full.iat;
  keepUntilWritten(c, c.get("issued").put(uuid, { token, answer }, ttl));
  return c.body(token, 200, {
    "content-type": VC_JWT_MEDIA_TYPE,
    "cache-control": "no-store",
    "content-location": credentialPath(uuid),
  });
}

/**
 * The shared store's write is not awaited by the answer (it never rejects). On Workers it is handed to `waitUntil`,
 * without which the platform may cancel it once the response is sent; on Node there is no execution context and the
 * write simply runs on.
 */
function keepUntilWritten(c: Context<AppEnv>, write: Promise<void>): void {
  // Only a Worker has an execution context. Hono's getter throws where there is none (Node, app.request in tests),
  // and that Error's stack trace was the largest cost of a signed request after the signature itself
  // (docs/decisions.md, "The signed path's avoidable costs"): on other runtimes it is not asked at all.
  if (c.get("deps").runtime !== "workers") return;
  let context: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    context = c.executionCtx;
  } catch {
    // No ExecutionContext (a Worker app called through app.request): the write simply runs on.
  }
  context?.waitUntil(write);
}

/** `?form=full` asks for the full form; anything else (validated by the route) is the compact default. */
function credentialForm(c: Context<AppEnv>): "compact" | "full" {
  return c.req.query("form") === "full" ? "full" : "compact";
}

export function credentialPath(uuid: string): string {
  return `/v1/credentials/${uuid}`;
}

/**
 * Where this service is reached: the https origin of the configured ISSUER_DID (did:web names an https host), else
 * the origin the request reached (development).
 */
export function publicOrigin(c: Context<AppEnv>): string {
  return issuerOf(c).origin;
}

/** A translation result (POST /v1/translations, or a stored record read in another scheme's format) as a credential. */
export async function translationCredential(
  c: Context<AppEnv>,
  result: {
    to: string;
    record: Record<string, unknown>;
    records?: { record: Record<string, unknown> }[];
    recordValid: boolean;
    canonical: CanonicalRecord;
    recognition: EquivalenceAnswer;
    derivation: { sourceDigest: string; catalogDigest: string };
  },
  subject: { id?: string; version?: number; conflict: 409 | 422; pointer: string },
): Promise<Response> {
  refuseInvalidLabel(result.canonical, c.get("deps").clock.today(), subject.conflict, subject.pointer);
  return issue(c, {
    kind: "translation",
    canonical: result.canonical,
    subjectId: subject.id ?? `urn:kakehashi:translation:sha256:${result.derivation.sourceDigest}`,
    ...(subject.version !== undefined ? { recordVersion: subject.version } : {}),
    target: {
      scheme: result.to,
      record: result.record,
      records: result.records?.map((r) => r.record),
      complete: result.recordValid,
    },
    recognition: [result.recognition],
    sourceDigest: result.derivation.sourceDigest,
    catalogDigest: result.derivation.catalogDigest,
  });
}

/** A stored record as a credential: the canonical record and what it earns today in every other scheme. */
export async function recordCredential(
  c: Context<AppEnv>,
  record: { scheme: string; registrationId: string; version: number; canonical: CanonicalRecord },
): Promise<Response> {
  const today = c.var.deps.clock.today();
  refuseInvalidLabel(record.canonical, today, 409, "/path/registrationId");
  const canonical = { ...record.canonical, status: effectiveStatus(record.canonical, today) };
  const targets = c.var.deps.catalog.allSchemes().filter((s) => s.id !== record.scheme && s.levels.length > 0);
  const sha256 = c.var.deps.sha256 ?? webCryptoSha256;
  return issue(c, {
    kind: "record",
    canonical,
    subjectId: recordSubjectId(record.scheme, record.registrationId),
    recordVersion: record.version,
    recognition: targets.map((t) => c.var.translator.recognize(canonical, t.id, today)),
    sourceDigest: await sha256(JSON.stringify(record.canonical)),
  });
}

export function recordSubjectId(scheme: string, registrationId: string): string {
  return `urn:kakehashi:record:${scheme}:${encodeURIComponent(registrationId)}`;
}

/**
 * GET /v1/records/{scheme}/{id} with Accept: application/vc+jwt. `canonical` (the default) signs the record with its
 * recognition in every scheme; `<scheme>` signs the translation into that scheme; `native` has no credential form.
 */
export async function storedRecordCredential(
  c: Context<AppEnv>,
  record: StoredRecord,
  format: string,
): Promise<Response> {
  const canonical = {
    ...record.canonical,
    status: record.withdrawn ? ("withdrawn" as const) : record.canonical.status,
  };
  const stored = { scheme: record.scheme, registrationId: record.registrationId, version: record.version, canonical };
  if (format === "canonical") return recordCredential(c, stored);
  if (format === "native") {
    throw new ProblemError(400, "a credential carries the canonical record; ask for format=canonical or a scheme id", {
      errors: [{ pointer: "/query/format", detail: "native has no credential form" }],
    });
  }
  if (!c.var.deps.catalog.scheme(format)) {
    throw new ProblemError(404, `scheme "${format}" is not in the catalog`, {
      errors: [{ pointer: "/query/format", detail: "not a scheme id" }],
    });
  }
  let result: TranslationCore;
  try {
    // Only what the credential states: no requirement results, no unmapped list (src/domain/translation/translator.ts).
    result = await c.var.translator.translate(
      { from: record.scheme, to: format, format: "canonical", record: canonical, asOf: c.var.deps.clock.today() },
      "core",
    );
  } catch (error) {
    if (error instanceof UnsupportedPairError) {
      throw new ProblemError(422, `${error.message}; formats: canonical, ${error.supported.join(", ")}`);
    }
    throw error;
  }
  return translationCredential(c, result, {
    id: recordSubjectId(record.scheme, record.registrationId),
    version: record.version,
    conflict: 409,
    pointer: "/path/registrationId",
  });
}
