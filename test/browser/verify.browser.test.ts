import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import docsAssets from "../../generated/docs-assets.js";
import { loadKeyRing, newSigningJwk } from "../../src/credentials/keys.ts";
import { signCredential } from "../../src/credentials/secure.ts";
import { tamper } from "../api/credential-suite.ts";
import { axeResults, chromiumInstalled, launchChromium } from "../helpers/browser.ts";
import { readGreyPng } from "../helpers/qr-decode.ts";
import { recordFixture } from "../helpers/records.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * The officer's page in Chromium: a genuine credential, then a tampered, an expired, an unknown-key and a
 * superseded-catalog one, each shown in plain words in English and Japanese, axe clean; the paste path without
 * JavaScript, the link path (#credential=…), the photo path (the QR PNG the API serves, fed to the file input) and
 * the camera path (Chromium's fake camera playing a video of the QR code). One browser for the file.
 */
const run = chromiumInstalled();
const TIMEOUT = 120_000;

describe.skipIf(!run)("/verify in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let signing: NonNullable<Awaited<ReturnType<typeof loadKeyRing>>["signing"]>;
  let now = Date.now();
  const tokens: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-verify-"));

  async function issue(body: Record<string, unknown>): Promise<{ token: string; location: string }> {
    const response = await fetch(`${server.origin}/v1/translations`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/vc+jwt" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return { token: await response.text(), location: response.headers.get("content-location") ?? "" };
  }

  /** Re-signs a payload with the server's own key: a credential this service could have issued from another catalog. */
  async function resign(token: string, change: (payload: Record<string, unknown>) => void): Promise<string> {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
    change(payload);
    const did = ((await (await fetch(`${server.origin}/.well-known/did.json`)).json()) as { id: string }).id;
    return signCredential(payload, signing, did);
  }

  beforeAll(async () => {
    const ring = await loadKeyRing({ signingKey: JSON.stringify(await newSigningJwk("EdDSA")) });
    signing = ring.signing ?? expect.unreachable();
    const credentials = { keys: async () => ring, issuerDid: () => undefined, now: () => now };
    server = await serveApp(createTestApp({ docsAssets, credentials }).app);
    const record = recordFixture("jc-star");
    const genuine = await issue({ from: "jc-star", to: "uk-psti", record });
    tokens.genuine = genuine.token;
    tokens.tampered = tamper(genuine.token, (p) => {
      (p.credentialSubject as { label: { level: string } }).label.level = "STAR-2";
    });
    // Another service's key under its own id: not a key we publish.
    const other = await loadKeyRing({ signingKey: JSON.stringify({ ...(await newSigningJwk("EdDSA")), kid: "k9" }) });
    tokens.unknownKey = await signCredential(
      JSON.parse(Buffer.from(genuine.token.split(".")[1] ?? "", "base64url").toString()),
      other.signing ?? expect.unreachable(),
      "did:web:127.0.0.1",
    );
    // Judged before the UK regulations took effect, from another catalog: provisional then, recognised today.
    const early = await issue({ from: "jc-star", to: "uk-psti", record, asOf: "2025-11-01" });
    tokens.superseded = await resign(early.token, (p) => {
      (p.evidence as { id: string }[])[0] = { id: `urn:kakehashi:catalog:sha256:${"0".repeat(64)}` };
    });
    // A genuine credential, checked below at a moment after its label's end date (2027-06-30).
    tokens.expired = (await issue({ from: "jc-star", to: "uk-psti", record })).token;

    // The QR code the API serves, as a photo file and as a fake camera's video (YUV 4:2:0, grey: U = V = 128).
    const png = new Uint8Array(await (await fetch(`${server.origin}${genuine.location}.png`)).arrayBuffer());
    writeFileSync(join(dir, "qr.png"), png);
    const { width, height, grey } = readGreyPng(png);
    const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
    const frame = Buffer.concat([Buffer.from("FRAME\n"), Buffer.from(grey), chroma]);
    writeFileSync(
      join(dir, "qr.y4m"),
      Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]),
    );
    browser = await launchChromium([
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${join(dir, "qr.y4m")}`,
    ]);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function axeProblems(page: Page): Promise<string[]> {
    const axe = await axeResults(page);
    expect(axe.passes.length).toBeGreaterThan(10);
    return axe.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  const expected = {
    genuine: { outcome: "ok", en: /current signing key/, ja: /現行の署名鍵/ },
    tampered: { outcome: "bad", en: /signature does not match/, ja: /署名が一致しません/ },
    unknownKey: { outcome: "bad", en: /not one Kakehashi publishes/, ja: /公開している鍵ではありません/ },
    expired: { outcome: "bad", en: /expired at 2027-06-30T23:59:59Z/, ja: /2027-06-30T23:59:59Z に有効期間が満了/ },
    superseded: { outcome: "changed", en: /another catalog than today's/, ja: /異なる\(以前の\)カタログ/ },
  } as const;

  it(
    "paste: each case in plain words in English and Japanese, axe clean; and the same without JavaScript",
    async () => {
      // Without JavaScript (no axe here: it runs as a script in the page).
      const bare = await browser.newContext({ javaScriptEnabled: false });
      const plain = await bare.newPage();
      await plain.goto(`${server.origin}/verify?lang=ja`);
      await plain.fill("#credential", tokens.genuine ?? "");
      await Promise.all([plain.waitForURL(/\/verify/), plain.click('#verify-form button[type="submit"]')]);
      expect(await plain.locator('[data-testid="verify-result"]').getAttribute("data-outcome")).toBe("ok");
      expect(await plain.locator('[data-testid="verify-summary"]').textContent()).toContain("真正なクレデンシャル");
      await bare.close();

      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      for (const [name, want] of Object.entries(expected)) {
        for (const lang of ["en", "ja"] as const) {
          await page.goto(`${server.origin}/verify?lang=${lang}`);
          await page.fill("#credential", tokens[name] ?? "");
          now = name === "expired" ? Date.parse("2027-07-01T09:00:00Z") : Date.now();
          await Promise.all([page.waitForURL(/\/verify/), page.click('#verify-form button[type="submit"]')]);
          now = Date.now();
          const result = page.locator('[data-testid="verify-result"]');
          expect(await result.getAttribute("data-outcome"), `${name} ${lang}`).toBe(want.outcome);
          expect(await result.textContent(), `${name} ${lang}`).toMatch(want[lang]);
          expect(await page.locator("html").getAttribute("lang")).toBe(lang);
          problems.push(...(await axeProblems(page)));
        }
      }
      // What changed, for the superseded one: the rule that applies now, in the page's language.
      const changed = page.locator('[data-testid="verify-recognition"] li[data-holds="false"]');
      expect(await changed.textContent()).toMatch(/が新たに適用されます/);
      expect(problems).toEqual([]);
      await context.close();
    },
    TIMEOUT * 2,
  );

  it(
    "a link carrying a credential, a photo of its QR code, and the camera all reach the same report",
    async () => {
      const context = await browser.newContext({ locale: "en-GB" });
      await context.grantPermissions(["camera"], { origin: server.origin });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const outcome = () => page.locator('[data-testid="verify-result"]').getAttribute("data-outcome");

      await page.goto(`${server.origin}/verify#credential=${tokens.genuine}`);
      await page.waitForSelector('[data-testid="verify-result"]');
      expect(await outcome()).toBe("ok");
      expect(await page.locator("[data-print]").isVisible()).toBe(true); // "print this", shown by the script

      await page.goto(`${server.origin}/verify`);
      await Promise.all([
        page.waitForSelector('[data-testid="verify-result"]'),
        page.setInputFiles("#scan-photo", join(dir, "qr.png")),
      ]);
      expect(await outcome()).toBe("ok");
      expect(await page.inputValue("#credential")).toBe(tokens.genuine);

      await page.goto(`${server.origin}/verify`);
      await Promise.all([page.waitForSelector('[data-testid="verify-result"]'), page.click("#scan-camera")]);
      expect(await outcome()).toBe("ok");
      expect(await page.inputValue("#credential")).toBe(tokens.genuine);
      expect(errors).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );
});
