import type { Context } from "hono";
import type { z } from "zod";
import {
  type KakehashiCredential,
  VC_JWT_MEDIA_TYPE,
  VerifyRequest,
  type VerifyResult,
} from "../../contracts/credential.ts";
import { didDocument as buildDidDocument, jwkSet } from "../../credentials/did.ts";
import { qrPng, qrSvg, qrSymbol } from "../../credentials/qr.ts";
import { UncheckableCredential } from "../../credentials/secure.ts";
import { verifyCredential } from "../../credentials/verify.ts";
import { type JsonText, jsonAnswer } from "../../lib/json-text.ts";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import type * as routes from "./credentials.routes.ts";
import { QR_CONTENT_HEADER } from "./credentials.routes.ts";
import { issuerDid, keyRing, nowOf, publicOrigin } from "./issue.ts";

export const didDocument: AppRouteHandler<typeof routes.didDocument> = async (c) => {
  const ring = await keyRing(c);
  c.header("Cache-Control", "public, max-age=300");
  return c.json(buildDidDocument(issuerDid(c), ring), 200);
};

export const jwks: AppRouteHandler<typeof routes.jwks> = async (c) => {
  const ring = await keyRing(c);
  c.header("Cache-Control", "public, max-age=300");
  return c.json(jwkSet(issuerDid(c), ring), 200);
};

export const verify: AppRouteHandler<typeof routes.verify> = async (c) => {
  // The text the body rules checked (valid UTF-8; JSON scanned), kept by Hono: no second read of the body.
  const token = await tokenOf(c.req.header("content-type"), () => c.req.text());
  try {
    const result = await verifyToken(c, token);
    c.header("Cache-Control", "no-store");
    return c.json(result, 200);
  } catch (error) {
    if (error instanceof UncheckableCredential) {
      throw new ProblemError(422, `the credential cannot be checked: ${error.message}`, {
        errors: [{ pointer: "/body/credential", detail: error.message }],
      });
    }
    throw error;
  }
};

/**
 * The one verification both the API route and the web view's /verify page run, so they cannot disagree. Throws
 * UncheckableCredential for a token that is no credential of ours.
 */
export async function verifyToken(c: Context<AppEnv>, token: string): Promise<VerifyResult> {
  const { deps, translator } = c.var;
  const today = deps.clock.today();
  return verifyCredential(token, {
    ring: await keyRing(c),
    did: issuerDid(c),
    now: nowOf(c),
    today,
    catalogDigest: deps.catalog.digest,
    recognize: (canonical, scheme) =>
      deps.catalog.scheme(scheme) ? translator.recognize(canonical, scheme, today) : null,
  });
}

/** The token from either body form: `{"credential": "…"}` as JSON, or the bare vc+jwt. */
async function tokenOf(contentType: string | undefined, text: () => Promise<string>): Promise<string> {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  const body = await text();
  if (type === VC_JWT_MEDIA_TYPE) return body.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProblemError(400, "the body is not JSON", { errors: [{ pointer: "/body", detail: "not JSON" }] });
  }
  const request = VerifyRequest.safeParse(parsed);
  if (!request.success) {
    throw new ProblemError(422, 'the body must be {"credential": "<vc+jwt>"}', {
      errors: request.error.issues.map((issue) => ({
        pointer: `/body/${issue.path.join("/") || (issue.code === "unrecognized_keys" ? issue.keys[0] : "")}`,
        detail: issue.message,
      })),
    });
  }
  return request.data.credential;
}

export const issuedCredential: AppRouteHandler<typeof routes.issuedCredential> = async (c) => {
  const file = c.req.valid("param").id;
  const uuid = file.slice(0, 36);
  const entry = await c.var.issued.get(uuid);
  if (!entry) {
    throw new ProblemError(404, `no credential ${uuid} is kept here (never issued, expired, or lost on a restart)`, {
      errors: [{ pointer: "/path/id", detail: "unknown credential id" }],
    });
  }
  const suffix = file.slice(36);
  const format = suffix === ".svg" ? "svg" : suffix === ".png" ? "png" : (imageOf(c.req.header("accept")) ?? "token");
  const headers = { "cache-control": "private, max-age=3600" };
  if (format === "token") {
    return c.body(entry.token, 200, { ...headers, "content-type": VC_JWT_MEDIA_TYPE });
  }
  // The credential itself where it fits one QR code; else a link to the verify page, which fetches it by id.
  const inline = qrSymbol(entry.token);
  const symbol = inline ?? qrSymbol(`${publicOrigin(c)}/verify?id=${uuid}`);
  if (!symbol) throw new Error("a link of fixed length did not fit a QR code");
  const content = inline ? "credential" : "link";
  const qrHeaders = { ...headers, [QR_CONTENT_HEADER]: content };
  if (format === "svg") {
    const title = inline
      ? `Kakehashi credential ${uuid}`
      : `Link to Kakehashi credential ${uuid} (too long for a QR code)`;
    return c.body(qrSvg(symbol, title), 200, { ...qrHeaders, "content-type": "image/svg+xml" });
  }
  const png = await qrPng(symbol);
  return c.body(png as Uint8Array<ArrayBuffer>, 200, { ...qrHeaders, "content-type": "image/png" });
};

/** The image type an Accept header prefers over a token, if any (a browser's `image/*` counts as SVG). */
function imageOf(accept: string | undefined): "svg" | "png" | undefined {
  const ranked = (accept ?? "")
    .toLowerCase()
    .split(",")
    .map((entry, index) => {
      const [range = "", ...params] = entry.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { range: range.trim(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { range } of ranked) {
    if (range === VC_JWT_MEDIA_TYPE || range === "*/*") return undefined;
    if (range === "image/svg+xml" || range === "image/*") return "svg";
    if (range === "image/png") return "png";
  }
  return undefined;
}

export const credentialAnswer: AppRouteHandler<typeof routes.credentialAnswer> = async (c) => {
  const { id } = c.req.valid("param");
  const entry = await c.var.issued.get(id);
  if (!entry) {
    throw new ProblemError(404, `no credential ${id} is kept here (never issued, expired, or lost on a restart)`, {
      errors: [{ pointer: "/path/id", detail: "unknown credential id" }],
    });
  }
  // The stored bytes, not a re-serialization: the digest in the signed credential is of exactly these. They are the
  // JSON of the full credential this service issued with the compact one (credentials/issued.ts keeps nothing else).
  c.header("cache-control", "public, max-age=3600");
  return jsonAnswer(c, entry.answer as JsonText<z.infer<typeof KakehashiCredential>>, 200);
};
