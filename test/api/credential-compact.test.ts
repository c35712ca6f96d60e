import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { KakehashiCredential, VerifyResult } from "../../src/contracts/credential.ts";
import { KakehashiCompactCredential } from "../../src/contracts/credential-compact.ts";
import { loadKeyRing, newSigningJwk } from "../../src/credentials/keys.ts";
import { decodeQrPng } from "../helpers/qr-decode.ts";
import { recordFixture } from "../helpers/records.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";
import { issueTranslation, tokenText, verifyRoute } from "./credential-suite.ts";

/**
 * The compact credential (the default form) and its QR code: small enough for one QR code, the full answer one
 * fetch away under a digest the signature covers, and a QR code that an independent decoder reads back into a token
 * that verifies.
 */
const DID = "did:web:kakehashi.example";

async function production() {
  // As an operator configures it: a fixed DID (its host is in every kid and answer URL) and an Ed25519 key.
  const ring = await loadKeyRing({ signingKey: JSON.stringify(await newSigningJwk("EdDSA")) });
  return createTestApp({ today: "2026-12-06", credentials: { keys: async () => ring, issuerDid: () => DID } }).app;
}

const fetchOf = (a: Awaited<ReturnType<typeof production>>) => async (path: string, init?: RequestInit) =>
  a.request(path, init);

/** A JC-STAR ★1 record for one model: the goal's case. */
function oneModel(): Record<string, unknown> {
  const record = recordFixture("jc-star");
  return { ...record, modelNumbers: [(record.modelNumbers as string[])[0]] };
}

async function issue(a: Awaited<ReturnType<typeof production>>, record = oneModel(), query = "") {
  const response = await a.request(`/v1/translations${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/vc+jwt" },
    body: JSON.stringify({ from: "jc-star", to: "uk-psti", record }),
  });
  expect(response.status).toBe(200);
  return { token: await tokenText(response), location: response.headers.get("content-location") };
}

describe("compact credentials", () => {
  it("a one-model JC-STAR ★1 → UK PSTI translation is at most 2,300 bytes and states what is attested", async () => {
    const a = await production();
    const { token, location } = await issue(a);
    expect(token.length).toBeLessThanOrEqual(2_300);
    const full = await issue(a, oneModel(), "?form=full");
    expect(full.token.length).toBeGreaterThan(token.length * 2); // the full form is still there, and much larger
    expect(full.location).toBeNull(); // and is not kept by id

    const jwks = createLocalJWKSet((await (await a.request("/.well-known/jwks.json")).json()) as { keys: [] });
    const { payload } = await jwtVerify(token, jwks, { issuer: DID, typ: "vc+jwt" });
    const compact = KakehashiCompactCredential.parse(payload);
    const subject = compact.credentialSubject;
    expect(subject.product).toMatchObject({ maker: "Sakura Networks K.K.", models: ["SG-1000"] });
    expect(subject.label).toMatchObject({ scheme: "jc-star", level: "STAR-1", registrationId: "JC-2025-000417" });
    expect(subject.target).toEqual({ scheme: "uk-psti", complete: false });
    const [claim] = subject.recognition;
    expect(claim).toMatchObject({ scheme: "uk-psti", status: "recognized", verdict: "recognized" });
    expect(claim?.rules[0]).toMatchObject({ arrangement: "uk-si-2025-1267", effect: "deemed-compliance" });
    expect(claim?.rules[0]?.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(compact.validUntil).toBe("2027-06-30T23:59:59Z");
    expect(location).toBe(`/v1/credentials/${compact.id.slice(9)}`);
    expect(subject.answer.url).toBe(`https://kakehashi.example${location}/answer`);
  });

  it("refers to the full answer by URL and digest: the bytes served there hash to the signed digest", async () => {
    const a = await production();
    const { token } = await issue(a);
    const compact = KakehashiCompactCredential.parse(decodeJwt(token));
    const response = await a.request(new URL(compact.credentialSubject.answer.url).pathname);
    expect(response.status).toBe(200);
    const bytes = await response.text();
    const sri = `sha256-${createHash("sha256").update(bytes).digest("base64")}`;
    expect(sri).toBe(compact.credentialSubject.answer.digestSRI);
    const answer = KakehashiCredential.parse(JSON.parse(bytes));
    expect(answer.id).toBe(compact.id);
    expect(answer.credentialSubject.targetRecord?.scheme).toBe("uk-psti");
    expect(answer.credentialSubject.recognition[0]?.rules[0]?.legalBasis.length).toBeGreaterThan(0);
  });

  it("credential → QR code (PNG) → read by jsQR → the same token, which verifies", async () => {
    const a = await production();
    const { token, location } = await issue(a);
    const png = await a.request(`${location}.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("kakehashi-qr-content")).toBe("credential");
    const read = decodeQrPng(new Uint8Array(await png.arrayBuffer()));
    expect(read).toBe(token);
    const report = await expectBody(await verifyRoute(fetchOf(a), read ?? ""), VerifyResult);
    expect(report.verified).toBe(true);
    expect(report.label).toMatchObject({ scheme: "jc-star", level: "STAR-1", statusToday: "active" });
    expect(report.product).toMatchObject({ maker: "Sakura Networks K.K." });
    expect(report.recognition[0]).toMatchObject({ scheme: "uk-psti", holds: true });
  });

  it("answers the token, an SVG or a PNG by Accept, and a link where the credential is too long for a QR code", async () => {
    const a = await production();
    const { token, location } = await issue(a);
    expect(await tokenText(await a.request(location ?? ""))).toBe(token);
    const svg = await a.request(location ?? "", { headers: { accept: "image/svg+xml" } });
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(await svg.text()).toMatch(/^<svg [^>]*role="img"/);
    expect((await a.request(`${location}.svg`)).headers.get("kakehashi-qr-content")).toBe("credential");
    const png = await a.request(location ?? "", { headers: { accept: "image/png" } });
    expect(png.headers.get("content-type")).toBe("image/png");

    // Hundreds of models: the compact credential lists every one, so it outgrows a QR code; the code says so.
    const record = recordFixture("jc-star");
    const many = { ...record, modelNumbers: Array.from({ length: 150 }, (_, i) => `SG-${1000 + i}`) };
    const long = await issue(a, many);
    expect(long.token.length).toBeGreaterThan(2_400);
    const linkPng = await a.request(`${long.location}.png`);
    expect(linkPng.headers.get("kakehashi-qr-content")).toBe("link");
    const id = long.location?.split("/").at(-1);
    expect(decodeQrPng(new Uint8Array(await linkPng.arrayBuffer()))).toBe(`https://kakehashi.example/verify?id=${id}`);
  });

  it("an unknown or malformed id is a problem, not a 5xx", async () => {
    const a = await production();
    await expectProblem(await a.request("/v1/credentials/00000000-0000-4000-8000-000000000000.svg"), 404);
    await expectProblem(await a.request("/v1/credentials/00000000-0000-4000-8000-000000000000/answer"), 404);
    await expectProblem(await a.request("/v1/credentials/not-a-uuid.svg"), 400);
    const { location } = await issue(a);
    await expectProblem(await a.request(location ?? "", { headers: { accept: "text/csv" } }), 406);
  });

  it("the verify route reads the compact form as it reads the full one", async () => {
    const a = await production();
    for (const form of ["compact", "full"] as const) {
      const token = await issueTranslation(fetchOf(a), { from: "jc-star", to: "uk-psti", record: oneModel() }, form);
      const report = await expectBody(await verifyRoute(fetchOf(a), token), VerifyResult);
      expect(report.verified).toBe(true);
      expect(report.recognition[0]).toMatchObject({ scheme: "uk-psti", holds: true });
      expect(report.answer === null).toBe(form === "full");
    }
  });
});
