import createClient from "openapi-fetch";
import type { components, operations, paths } from "../../generated/api.js";
// .js, not .ts: the import is kept as written in the shipped declarations (generated/client/index.d.ts).
import type { ClosedClient } from "./closed-parameters.js";

/**
 * `kakehashi/client`: a typed client for the Kakehashi API — openapi-fetch over types that `npm run build`
 * generates from the served OpenAPI document with openapi-typescript (generated/api.d.ts). Paths, parameters, bodies
 * and answers are checked by the compiler against the same document the server is tested against.
 *
 *   const kakehashi = createKakehashiClient({ baseUrl: "http://127.0.0.1:8787", apiKey: process.env.KAKEHASHI_KEY });
 *   const { data, error } = await kakehashi.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId } } });
 *
 * `data` is the 2xx body, `error` the RFC 9457 problem otherwise; `response` is the raw Response either way. A query,
 * path or header parameter name the operation does not declare is a compile error (closed-parameters.ts).
 */
export type { components, operations, paths };
/** JSON answers and problems: routes that can also answer a signed credential (application/vc+jwt) type as JSON here. */
export type KakehashiClient = ClosedClient;
export type Problem = components["schemas"]["Problem"];

export interface KakehashiClientOptions {
  /** The server's origin, e.g. http://127.0.0.1:8787 (no /v1: paths carry it). */
  baseUrl: string;
  /** An API key for the record routes; sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: (input: Request) => Promise<Response>;
}

export function createKakehashiClient(options: KakehashiClientOptions): KakehashiClient {
  const client = createClient<paths, "application/json" | "application/problem+json">({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // The same object; only its method types are narrower (no undeclared parameter names).
  return client as unknown as KakehashiClient;
}
