import { createHash } from "node:crypto";
import { CompactSign, createLocalJWKSet, decodeJwt, errors, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import { KakehashiCredential, VerifyResult } from "../../src/contracts/credential.ts";
import { CanonicalRecord } from "../../src/contracts/record.ts";
import { buildCredential } from "../../src/credentials/credential.ts";
import { keyUrl } from "../../src/credentials/did.ts";
import { type CredentialConfig, KeyConfigError, loadKeyRing, newSigningJwk } from "../../src/credentials/keys.ts";
import { nodeSigner } from "../../src/credentials/node-signer.ts";
import { signCredential } from "../../src/credentials/secure.ts";
import { parseNodeEnv } from "../../src/env.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";
import { credentialApiSuite, issueTranslation, tamper, tokenText, verifyRoute } from "./credential-suite.ts";

const { app } = createTestApp();
credentialApiSuite("Node", async (path, init) => app.request(path, init));

/** The app as a Fetch (app.request may answer synchronously). */
const fetchOf =
  (a: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) =>
  async (path: string, init?: RequestInit) =>
    a.request(path, init);

const NOW = Date.parse("2026-11-25T09:00:00Z");
const jwks = async (a: { request: typeof app.request }) =>
  createLocalJWKSet((await (await a.request("/.well-known/jwks.json")).json()) as { keys: [] });

/** A credential configuration with fixed keys and a fixed clock, as an operator would write it. */
async function configured(
  signing: object | undefined,
  published: object[] = [],
  now = NOW,
  issuerDid?: string,
): Promise<CredentialConfig> {
  const ring = await loadKeyRing({
    signingKey: signing ? JSON.stringify(signing) : undefined,
    publishedKeys: JSON.stringify(published),
  });
  return { keys: async () => ring, issuerDid: () => issuerDid, now: () => now };
}

function publicOf(jwk: object): object {
  const { d: _, ...rest } = jwk as { d?: string };
  return rest;
}

const translation = { from: "jc-star", to: "uk-psti", record: recordFixture("jc-star"), asOf: "2026-01-15" };

describe("credential keys and rotation", () => {
  it("a credential signed before a rotation still verifies while its key stays published", async () => {
    const oldKey = await newSigningJwk("EdDSA");
    const newKey = { ...(await newSigningJwk("ES256")), kid: "2027-key" };
    const before = createTestApp({ credentials: await configured(oldKey) }).app;
    const token = await issueTranslation(fetchOf(before), translation);

    // Rotated: signs with the new key, keeps the old one published.
    const after = createTestApp({ credentials: await configured(newKey, [publicOf(oldKey)]) }).app;
    const { payload } = await jwtVerify(token, await jwks(after), {
      issuer: "did:web:localhost",
      currentDate: new Date(NOW),
    });
    expect(payload.iss).toBe("did:web:localhost");
    const fresh = await issueTranslation(fetchOf(after), translation);
    expect((await jwtVerify(fresh, await jwks(after))).protectedHeader).toMatchObject({
      alg: "ES256",
      kid: "did:web:localhost#2027-key",
    });
    const report = await expectBody(await verifyRoute(fetchOf(after), token), VerifyResult);
    expect(report.verified).toBe(true);

    // Once the old key is no longer published, its credentials cannot be checked.
    const retired = createTestApp({ credentials: await configured(newKey) }).app;
    await expect(jwtVerify(token, await jwks(retired))).rejects.toThrow(errors.JWKSNoMatchingKey);
    await expectProblem(await verifyRoute(fetchOf(retired), token), 422);
  });

  it("a credential signed by another key under our key id fails the signature check", async () => {
    const ours = await newSigningJwk("EdDSA");
    const theirs = { ...(await newSigningJwk("EdDSA")), kid: ours.kid };
    const forger = createTestApp({ credentials: await configured(theirs) }).app;
    const forged = await issueTranslation(fetchOf(forger), translation);
    const real = createTestApp({ credentials: await configured(ours) }).app;
    await expect(jwtVerify(forged, await jwks(real))).rejects.toThrow(errors.JWSSignatureVerificationFailed);
    const report = await expectBody(await verifyRoute(fetchOf(real), forged), VerifyResult);
    expect(report).toMatchObject({ verified: false, checks: { signature: { ok: false } } });
  });

  it("the Node entry's node:crypto signer makes JWS that jose verifies, for Ed25519 and P-256", async () => {
    for (const alg of ["EdDSA", "ES256"] as const) {
      const key = await newSigningJwk(alg);
      const ring = await loadKeyRing({ signingKey: JSON.stringify(key), signer: nodeSigner });
      const { app: a } = createTestApp({ credentials: { keys: async () => ring, issuerDid: () => undefined } });
      const token = await issueTranslation(fetchOf(a), translation);
      const { protectedHeader } = await jwtVerify(token, await jwks(a), { issuer: "did:web:localhost" });
      expect(protectedHeader.alg).toBe(alg);
      const report = await expectBody(await verifyRoute(fetchOf(a), token), VerifyResult);
      expect(report.verified).toBe(true);
    }
  });

  it("publishes the same keys in the DID document and the JWKS, under the configured DID", async () => {
    const key = await newSigningJwk("EdDSA");
    const did = "did:web:kakehashi.example";
    const { app: a } = createTestApp({ credentials: await configured(key, [], NOW, did) });
    const document = (await (await a.request("/.well-known/did.json")).json()) as {
      id: string;
      verificationMethod: { id: string; publicKeyJwk: { x: string; d?: string } }[];
      assertionMethod: string[];
    };
    const set = (await (await a.request("/.well-known/jwks.json")).json()) as { keys: { kid: string; x: string }[] };
    expect(document.id).toBe(did);
    expect(document.assertionMethod).toEqual([keyUrl(did, key.kid ?? "")]);
    expect(set.keys.map((k) => k.kid)).toEqual(document.verificationMethod.map((m) => m.id));
    expect(set.keys[0]?.x).toBe(key.x);
    expect(JSON.stringify([document, set])).not.toContain(key.d);
  });

  it("refuses unusable key configuration with the setting's name, never echoing a private key", async () => {
    const key = await newSigningJwk("EdDSA");
    const attempts: [Parameters<typeof loadKeyRing>[0], RegExp][] = [
      [{ signingKey: `{"d": "${key.d}", oops` }, /CREDENTIAL_SIGNING_KEY: not JSON/],
      [{ signingKey: JSON.stringify(publicOf(key)) }, /must be a private JWK/],
      [{ signingKey: JSON.stringify({ kty: "RSA", n: "x", e: "AQAB", d: "y" }) }, /not supported/],
      [{ publishedKeys: JSON.stringify([key]) }, /CREDENTIAL_PUBLISHED_KEYS\[0\]: holds a private key/],
      [{ publishedKeys: '{"nokeys": true}' }, /JWK Set or an array/],
      [{ signingKey: JSON.stringify({ ...key, kid: "bad kid#" }) }, /kid/],
    ];
    for (const [config, message] of attempts) {
      const failure = await loadKeyRing(config).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(KeyConfigError);
      expect((failure as Error).message).toMatch(message);
      expect((failure as Error).message).not.toContain(key.d);
    }
    expect(() => parseNodeEnv({ ISSUER_DID: "did:web:Example.com/path" })).toThrow(/ISSUER_DID/);
    expect(parseNodeEnv({ ISSUER_DID: "did:web:kakehashi.example%3A8443" }).ISSUER_DID).toBe(
      "did:web:kakehashi.example%3A8443",
    );
  });

  it("without keys, issuing and verifying answer 503 while JSON answers go on", async () => {
    const { app: bare } = createTestApp({ credentials: null });
    const request = fetchOf(bare);
    const response = await request("/v1/translations", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/vc+jwt" },
      body: JSON.stringify(translation),
    });
    await expectProblem(response, 503);
    await expectProblem(await request("/.well-known/jwks.json"), 503);
    await expectProblem(await verifyRoute(request, "a.b.c"), 503);
    const json = await request("/v1/translations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(translation),
    });
    expect(json.status).toBe(200);
  });
});

describe("credential claims and checks", () => {
  it("expires with the label: jose and the verify route refuse it after validUntil", async () => {
    const key = await newSigningJwk("EdDSA");
    const { app: a } = createTestApp({ credentials: await configured(key) });
    const token = await issueTranslation(fetchOf(a), translation);
    const { payload } = await jwtVerify(token, await jwks(a), { currentDate: new Date(NOW) });
    expect(payload.exp).toBe(Date.parse("2027-06-30T23:59:59Z") / 1000);
    await expect(jwtVerify(token, await jwks(a), { currentDate: new Date("2027-07-01T00:00:00Z") })).rejects.toThrow(
      errors.JWTExpired,
    );
    const later = createTestApp({ credentials: await configured(key, [], Date.parse("2027-07-01T00:00:00Z")) }).app;
    const report = await expectBody(await verifyRoute(fetchOf(later), token), VerifyResult);
    expect(report.verified).toBe(false);
    expect(report.checks.validity).toMatchObject({ ok: false, detail: expect.stringContaining("expired") });
  });

  it("issues nothing for a label that is not valid today", async () => {
    const { app: a } = createTestApp({ today: "2027-07-01" });
    const response = await a.request("/v1/translations", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/vc+jwt" },
      body: JSON.stringify(translation),
    });
    const problem = await expectProblem(response, 422);
    expect(problem.detail).toContain("expired on 2027-06-30");
    // Valid today, judged on a date after its expiry: issued, and the claim says it is not recognized then.
    const { app: today } = createTestApp({ today: "2026-11-25" });
    const later = await issueTranslation(fetchOf(today), { ...translation, asOf: "2027-08-01" }, "full");
    const { payload } = await jwtVerify(later, await jwks(today));
    const claim = KakehashiCredential.parse(payload).credentialSubject.recognition[0];
    expect(claim).toMatchObject({ judgedOn: "2027-08-01", status: "provisional" });
    expect(KakehashiCredential.parse(payload).validUntil).toBe("2027-06-30T23:59:59Z");
  });

  it("says when the recognition it states no longer holds on today's date", async () => {
    const key = await newSigningJwk("EdDSA");
    const issued = createTestApp({ credentials: await configured(key) }).app;
    const token = await issueTranslation(fetchOf(issued), translation);
    // The same keys, asked on a day before the UK regulations took effect: the statement would not hold then.
    const before = createTestApp({ today: "2025-11-01", credentials: await configured(key) }).app;
    const report = await expectBody(await verifyRoute(fetchOf(before), token), VerifyResult);
    expect(report.verified).toBe(true);
    expect(report.recognition[0]).toMatchObject({
      scheme: "uk-psti",
      stated: { status: "recognized" },
      today: { status: "provisional" },
      holds: false,
    });
    expect(report.recognition[0]?.changes.join(" ")).toContain("no longer applies");
  });

  it("reports a catalog digest other than the current one as superseded, and none as unknown", async () => {
    const key = await newSigningJwk("EdDSA");
    const ring = await loadKeyRing({ signingKey: JSON.stringify(key) });
    const { app: a } = createTestApp({ credentials: { keys: async () => ring, issuerDid: () => undefined } });
    const canonical = CanonicalRecord.parse({
      ...emptyRecord(),
      scheme: "jc-star",
      level: "STAR-1",
      holder: { name: "H", address: null, identifiers: [] },
      product: { name: "P", type: null, models: [], hardwareVersion: null, softwareVersion: null, category: null },
    });
    const credential = buildCredential({
      kind: "record",
      id: "urn:uuid:00000000-0000-4000-8000-000000000000",
      issuer: "did:web:localhost",
      issuedAt: Date.now(),
      canonical,
      subjectId: "urn:kakehashi:record:jc-star:X",
      recognition: [],
      catalogDigest: "0".repeat(64),
      sourceDigest: "1".repeat(64),
    });
    const signing = ring.signing ?? expect.unreachable();
    const older = await signCredential(credential, signing, "did:web:localhost");
    const report = await expectBody(await verifyRoute(fetchOf(a), older), VerifyResult);
    expect(report.checks.catalog).toMatchObject({ status: "superseded", digest: "0".repeat(64) });
    const bare = await signCredential({ ...credential, evidence: [] }, signing, "did:web:localhost");
    const unknown = await expectBody(await verifyRoute(fetchOf(a), bare), VerifyResult);
    expect(unknown.checks.catalog?.status).toBe("unknown");
    // Issued under another DID with our key: the signature holds, the issuer does not.
    const elsewhere = await signCredential(
      { ...credential, issuer: { id: "did:web:other.example", name: "x" } },
      signing,
      "did:web:other.example",
    );
    const foreign = await expectBody(await verifyRoute(fetchOf(a), elsewhere), VerifyResult);
    expect(foreign).toMatchObject({ verified: false, checks: { signature: { ok: true }, issuer: { ok: false } } });
    // A payload signed with our key that is not a credential at all.
    const notVc = await new CompactSign(new TextEncoder().encode('{"hello":"world"}'))
      .setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", kid: keyUrl("did:web:localhost", signing.kid) })
      .sign(signing.key);
    const problem = await expectProblem(await verifyRoute(fetchOf(a), notVc), 422);
    expect(problem.detail).toContain("not a W3C VC 2.0 credential");
    const wrongTyp = await new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
      .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: keyUrl("did:web:localhost", signing.kid) })
      .sign(signing.key);
    await expectProblem(await verifyRoute(fetchOf(a), wrongTyp), 422);
  });

  it('a JWT date claim that is not a NumericDate (exp: "never") is refused with a 422 naming it, even signed', async () => {
    const key = await newSigningJwk("EdDSA");
    const ring = await loadKeyRing({ signingKey: JSON.stringify(key) });
    const { app: a } = createTestApp({ credentials: { keys: async () => ring, issuerDid: () => undefined } });
    const token = await issueTranslation(fetchOf(a), translation, "full");
    const payload = decodeJwt(token) as unknown as KakehashiCredential;
    const signing = ring.signing ?? expect.unreachable();
    for (const [claim, value] of [
      ["exp", "never"],
      ["nbf", "2026-01-01"],
      ["iat", null],
    ] as const) {
      const forged = await signCredential({ ...payload, [claim]: value }, signing, "did:web:localhost");
      const problem = await expectProblem(await verifyRoute(fetchOf(a), forged), 422);
      expect(problem.detail).toContain(`${claim} must be a NumericDate`);
      expect(problem.errors?.[0]?.pointer).toBe("/body/credential");
    }
    // The same payload with its numbers intact verifies.
    const honest = await signCredential(payload, signing, "did:web:localhost");
    expect((await expectBody(await verifyRoute(fetchOf(a), honest), VerifyResult)).verified).toBe(true);
  });

  it("a tampered expiry cannot extend a credential", async () => {
    const token = await issueTranslation(fetchOf(app), translation);
    const forged = tamper(token, (p) => {
      p.validUntil = "2099-12-31T23:59:59Z";
      p.exp = 4102444799;
    });
    const report = await expectBody(await verifyRoute(fetchOf(app), forged), VerifyResult);
    expect(report.verified).toBe(false);
  });
});

describe("stored records as credentials", () => {
  const token = "test-key-reader-0123456789abcdef";
  const writer = "test-key-admin-0123456789abcdef";
  const hash = (text: string) => createHash("sha256").update(text).digest("hex");
  const apiKeys = new ApiKeys([
    { id: "regulator", role: "reader", sha256: hash(token), schemes: [] },
    { id: "ops", role: "admin", sha256: hash(writer), schemes: [] },
  ]);

  async function stored(today = "2026-11-25") {
    const records = new MemoryRecordStore();
    const { app: a } = createTestApp({ records, apiKeys, today });
    const put = await a.request("/v1/records/jc-star/JC-2025-000417", {
      method: "PUT",
      headers: { authorization: `Bearer ${writer}`, "content-type": "application/json", "if-none-match": "*" },
      body: JSON.stringify({ record: recordFixture("jc-star") }),
    });
    expect(put.status).toBe(201);
    const get = (query = "?form=full", accept = "application/vc+jwt") =>
      a.request(`/v1/records/jc-star/JC-2025-000417${query}`, {
        headers: { authorization: `Bearer ${token}`, accept },
      });
    return { a, get, records };
  }

  it("signs the stored record with its recognition today in every other scheme", async () => {
    const { a, get } = await stored();
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vc+jwt");
    expect(response.headers.get("etag")).toBeNull();
    const { payload } = await jwtVerify(await tokenText(response), await jwks(a));
    const credential = KakehashiCredential.parse(payload);
    expect(credential.credentialSubject).toMatchObject({
      kind: "record",
      id: "urn:kakehashi:record:jc-star:JC-2025-000417",
      recordVersion: 1,
      record: { registrationId: "JC-2025-000417", status: "active" },
    });
    const schemes = credential.credentialSubject.recognition.map((r) => r.scheme);
    expect(schemes).toContain("uk-psti");
    expect(schemes).not.toContain("jc-star");
    expect(credential.credentialSubject.recognition.every((r) => r.judgedOn === "2026-11-25")).toBe(true);
    // JSON stays the default.
    expect((await get("", "application/json")).headers.get("content-type")).toContain("application/json");
  });

  it("signs the record translated into one scheme; refuses native and labels not valid today", async () => {
    const { get } = await stored();
    const translated = await get("?format=uk-psti&form=full");
    expect(translated.status).toBe(200);
    const payload = JSON.parse(Buffer.from((await tokenText(translated)).split(".")[1] ?? "", "base64url").toString());
    expect(KakehashiCredential.parse(payload).credentialSubject).toMatchObject({
      kind: "translation",
      targetRecord: { scheme: "uk-psti" },
    });
    await expectProblem(await get("?format=native"), 400);
    await expectProblem(await get("?format=no-such-scheme"), 404);
    const expired = await stored("2027-07-01");
    await expectProblem(await expired.get(), 409);
  });
});

function emptyRecord() {
  return {
    schemeVersion: null,
    registrationId: null,
    status: "active",
    issuer: { name: null, assessor: null, assessmentMode: null },
    dates: { issued: null, validUntil: null, supportPeriodEnd: null, supportPeriodText: null },
    urls: { registry: null, document: null, supportContact: null },
    requirementResults: [],
    native: null,
  };
}
