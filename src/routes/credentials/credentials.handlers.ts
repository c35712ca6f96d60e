import { didDocument as buildDidDocument, jwkSet } from "../../credentials/did.ts";
import { UncheckableCredential } from "../../credentials/secure.ts";
import { verifyCredential } from "../../credentials/verify.ts";
import { ProblemError } from "../../lib/problem.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { VC_JWT_MEDIA_TYPE, VerifyRequest } from "../../schemas/credential.ts";
import type * as routes from "./credentials.routes.ts";
import { issuerDid, keyRing, nowOf } from "./issue.ts";

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
  const { deps, translator } = c.var;
  const today = deps.clock.today();
  try {
    const result = await verifyCredential(token, {
      ring: await keyRing(c),
      did: issuerDid(c),
      now: nowOf(c),
      today,
      catalogDigest: deps.catalog.digest,
      recognize: (canonical, scheme) =>
        deps.catalog.scheme(scheme) ? translator.recognize(canonical, scheme, today) : null,
    });
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
