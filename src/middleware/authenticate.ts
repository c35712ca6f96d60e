import type { MiddlewareHandler } from "hono";
import { MAX_TOKEN_LENGTH, MIN_TOKEN_LENGTH, type Principal } from "../auth/api-keys.ts";
import { webCryptoSha256 } from "../deps.ts";
import { problemResponse } from "../lib/problem.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * Requires a valid `Authorization: Bearer` key with one of the given roles; puts the principal on the context. 401
 * for a missing or unknown key (with `WWW-Authenticate`), 403 for a key whose role is not enough.
 */
export function authenticate(...roles: Principal["role"][]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { apiKeys, sha256 } = c.get("deps");
    const challenge = { "WWW-Authenticate": 'Bearer realm="kakehashi"' };
    if (!apiKeys?.configured) {
      return problemResponse(
        c,
        401,
        "no API keys are configured on this server (set API_KEYS): record routes are closed",
        undefined,
        challenge,
      );
    }
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token)
      return problemResponse(c, 401, "an API key is required: Authorization: Bearer <key>", undefined, challenge);
    if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) {
      const detail = `the API key has ${token.length} characters; keys are ${MIN_TOKEN_LENGTH}–${MAX_TOKEN_LENGTH} (npm run keys makes one)`;
      return problemResponse(c, 401, detail, [{ pointer: "/header/authorization", detail }], challenge);
    }
    const principal = apiKeys.find(await (sha256 ?? webCryptoSha256)(token));
    if (!principal) return problemResponse(c, 401, "the API key is not valid", undefined, challenge);
    if (!roles.includes(principal.role)) {
      return problemResponse(c, 403, `this route needs the role ${roles.join(" or ")}; the key has ${principal.role}`);
    }
    c.set("principal", principal);
    await next();
  };
}
