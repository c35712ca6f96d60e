import { CompactSign, createLocalJWKSet, decodeProtectedHeader, jwtVerify, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import { KakehashiCredential, VerifyResult } from "../../src/contracts/credential.ts";
import { expectBody, expectProblem, type Fetch } from "./api-suite.ts";

/** The JC-STAR sample record the catalog declares (readable in workerd, where there is no filesystem). */
export const jcStarSample = (catalogBundle.schemes.find((s) => s.id === "jc-star")?.recordFormat?.sample ??
  {}) as Record<string, unknown>;

export async function issueTranslation(
  fetch: Fetch,
  body: Record<string, unknown>,
  form: "compact" | "full" = "compact",
): Promise<string> {
  const response = await fetch(form === "full" ? "/v1/translations?form=full" : "/v1/translations", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/vc+jwt" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/vc+jwt");
  expect(response.headers.get("vary")).toContain("Accept");
  return tokenText(response);
}

/** The body of a vc+jwt response (read as bytes: workerd warns on text() for a non-text media type). */
export async function tokenText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}

export async function verifyRoute(fetch: Fetch, token: string, type = "application/json"): Promise<Response> {
  return fetch("/v1/credentials/verify", {
    method: "POST",
    headers: { "content-type": type },
    body: type === "application/json" ? JSON.stringify({ credential: token }) : token,
  });
}

/** A token with one payload member changed and the signature kept: what an attacker on the wire could send. */
export function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split(".");
  const decoded = JSON.parse(new TextDecoder().decode(base64urlDecode(payload ?? "")));
  change(decoded);
  return `${header}.${base64urlEncode(new TextEncoder().encode(JSON.stringify(decoded)))}.${signature}`;
}

function base64urlDecode(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

function base64urlEncode(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Issuing and verifying credentials, run on Node and inside workerd against the same app: a receiving registry's
 * check with `jose` alone (the published JWKS, no call to our verify route), then the verify route.
 */
export function credentialApiSuite(runtime: string, fetch: Fetch) {
  describe(`credentials on ${runtime}`, () => {
    it("a translation as a signed full-form credential verifies with jose alone against the published JWKS", async () => {
      const token = await issueTranslation(
        fetch,
        { from: "jc-star", to: "uk-psti", record: jcStarSample, asOf: "2026-01-15" },
        "full",
      );
      const did = ((await (await fetch("/.well-known/did.json")).json()) as { id: string }).id;
      const jwks = (await (await fetch("/.well-known/jwks.json")).json()) as Parameters<typeof createLocalJWKSet>[0];
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: did,
        typ: "vc+jwt",
        algorithms: ["EdDSA", "ES256"],
      });
      expect(protectedHeader).toMatchObject({ typ: "vc+jwt", cty: "vc" });
      expect(protectedHeader.kid?.startsWith(`${did}#`)).toBe(true);
      const credential = KakehashiCredential.parse(payload);
      expect(credential.type).toEqual(["VerifiableCredential", "DigitalConformityCredential"]);
      expect(credential["@context"][0]).toBe("https://www.w3.org/ns/credentials/v2");
      expect(credential.issuer.id).toBe(did);
      const [claim] = credential.credentialSubject.recognition;
      expect(claim).toMatchObject({ scheme: "uk-psti", status: "recognized", judgedOn: "2026-01-15" });
      expect(claim?.rules[0]?.instrument).toBeTruthy();
      expect(claim?.statement).toContain(claim?.rules[0]?.instrument ?? "?");
      expect(credential.credentialSubject.targetRecord?.scheme).toBe("uk-psti");
      expect(credential.credentialSubject.record).toMatchObject({ scheme: "jc-star", level: "STAR-1" });
      // The label's own end date bounds the credential.
      const labelEnd = (credential.credentialSubject.record as { dates: { validUntil: string } }).dates.validUntil;
      expect((credential.validUntil ?? "none").slice(0, 10) <= labelEnd).toBe(true);
      const health = (await (await fetch("/healthz")).json()) as { catalog: { digest: string } };
      expect(credential.evidence.map((e) => e.sha256)).toContain(health.catalog.digest);
    });

    it("a compact credential is kept by id and served as its QR code, SVG and PNG (CompressionStream)", async () => {
      const response = await fetch("/v1/translations", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/vc+jwt" },
        body: JSON.stringify({ from: "jc-star", to: "uk-psti", record: jcStarSample }),
      });
      const location = response.headers.get("content-location") ?? "";
      expect(location).toMatch(/^\/v1\/credentials\/[0-9a-f-]{36}$/);
      await tokenText(response);
      const svg = await fetch(`${location}.svg`);
      expect(svg.status).toBe(200);
      expect(await svg.text()).toContain("<path");
      const png = new Uint8Array(await (await fetch(`${location}.png`)).arrayBuffer());
      expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    });

    it("the verify route confirms it, with the catalog current and the recognition judged again today", async () => {
      const token = await issueTranslation(fetch, { from: "jc-star", to: "uk-psti", record: jcStarSample });
      for (const type of ["application/json", "application/vc+jwt"]) {
        const response = await verifyRoute(fetch, token, type);
        expect(response.status).toBe(200);
        const result = await expectBody(response, VerifyResult);
        expect(result.verified).toBe(true);
        expect(result.checks.catalog?.status).toBe("current");
        expect(result.recognition[0]).toMatchObject({ scheme: "uk-psti", holds: true });
      }
    });

    it("a tampered payload fails jose and the verify route", async () => {
      const token = await issueTranslation(fetch, { from: "jc-star", to: "uk-psti", record: jcStarSample });
      const forged = tamper(token, (p) => {
        (p.credentialSubject as { label: { level: string } }).label.level = "STAR-4";
      });
      const jwks = (await (await fetch("/.well-known/jwks.json")).json()) as Parameters<typeof createLocalJWKSet>[0];
      await expect(jwtVerify(forged, createLocalJWKSet(jwks))).rejects.toThrow(/signature/i);
      const result = await expectBody(await verifyRoute(fetch, forged), VerifyResult);
      expect(result.verified).toBe(false);
      expect(result.checks.signature.ok).toBe(false);
      expect(result.label).toBeNull();
    });

    it("refuses what cannot be checked with a 422 problem, never a 5xx", async () => {
      const token = await issueTranslation(fetch, { from: "jc-star", to: "uk-psti", record: jcStarSample });
      const { kid } = decodeProtectedHeader(token);
      const [, payload] = token.split(".");
      const none = new UnsecuredJWT({ iss: "x" }).encode();
      const hmac = await new CompactSign(new TextEncoder().encode('{"a":1}'))
        .setProtectedHeader({ alg: "HS256", typ: "vc+jwt", ...(kid ? { kid } : {}) })
        .sign(new TextEncoder().encode("a shared secret anyone could hold, 32b"));
      const unknownKid = tamperHeader(token, { kid: "did:web:elsewhere.example#k1" });
      const noneWithOurKid = `${base64urlEncode(new TextEncoder().encode(JSON.stringify({ alg: "none", typ: "vc+jwt", kid })))}.${payload}.`;
      for (const bad of ["not a token", "a.b", none, noneWithOurKid, hmac, unknownKid, `${token}x!`]) {
        const problem = await expectProblem(await verifyRoute(fetch, bad), 422);
        expect(problem.errors?.[0]?.pointer).toBe("/body/credential");
      }
      await expectProblem(await verifyRoute(fetch, token, "text/plain"), 415);
      await expectProblem(
        await fetch("/v1/credentials/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{not json",
        }),
        400,
      );
      await expectProblem(
        await fetch("/v1/credentials/verify", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token }),
        }),
        422,
      );
    });

    it("the verify route reads its body as the other routes do: one reading step, 400 and 415 problems", async () => {
      const token = await issueTranslation(fetch, { from: "jc-star", to: "uk-psti", record: jcStarSample });
      const send = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
        fetch("/v1/credentials/verify", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
      // A member given twice: JSON.parse would keep the last silently.
      const twice = await expectProblem(await send(`{"credential":"x","credential":${JSON.stringify(token)}}`), 400);
      expect(twice.errors?.[0]?.pointer).toBe("/body/credential");
      const deep = `{"credential":${"[".repeat(5000)}${"]".repeat(5000)}}`;
      const tooDeep = await expectProblem(await send(deep), 400);
      expect(tooDeep.detail).toContain("64");
      await expectProblem(await send('{"credential":"\\ud800"}'), 400);
      const gzip = await expectProblem(
        await send(JSON.stringify({ credential: token }), { "content-encoding": "gzip" }),
        415,
      );
      expect(gzip.detail).toContain("uncompressed");
      // The bare token is read through the same step: valid UTF-8 or a 400.
      const notUtf8 = new Uint8Array([...new TextEncoder().encode(token.slice(0, 20)), 0xff, 0xfe]);
      await expectProblem(await send(notUtf8, { "content-type": "application/vc+jwt" }), 400);
      await expectProblem(await send(token, { "content-type": "application/vc+jwt", "content-encoding": "br" }), 415);
    });

    it("offers vc+jwt only where a credential exists", async () => {
      const accept = { accept: "application/vc+jwt" };
      await expectProblem(await fetch("/v1/schemes", { headers: accept }), 406);
      // A client that accepts anything, or prefers JSON, gets JSON.
      for (const value of ["*/*", "application/json, application/vc+jwt;q=0.5"]) {
        const response = await fetch("/v1/translations", {
          method: "POST",
          headers: { "content-type": "application/json", accept: value },
          body: JSON.stringify({ from: "jc-star", to: "uk-psti", record: jcStarSample }),
        });
        expect(response.headers.get("content-type")).toContain("application/json");
      }
    });
  });
}

function tamperHeader(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".");
  const decoded = { ...JSON.parse(new TextDecoder().decode(base64urlDecode(header ?? ""))), ...change };
  return `${base64urlEncode(new TextEncoder().encode(JSON.stringify(decoded)))}.${payload}.${signature}`;
}
