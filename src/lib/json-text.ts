import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";

declare const encodes: unique symbol;

/**
 * JSON already written out — text (a cached answer) or UTF-8 bytes (an answer encoded from shared parts) — that is
 * known to encode a `T`. The type carries T from where the JSON was made to where it is answered, so a handler that
 * sends it is checked against its route's response schema just as `c.json(value)` would be.
 */
export type JsonText<T> = string & { readonly [encodes]: T };
export type JsonBytes<T> = Uint8Array<ArrayBuffer> & { readonly [encodes]: T };

/** What `c.json(value, status)` is typed as, for an answer whose JSON was written beforehand. */
export type JsonResponse<T, S extends ContentfulStatusCode> = Response & TypedResponse<JSONParsed<T>, S, "json">;

/** `JSON.stringify(value)`, remembering what it encodes. */
export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/**
 * Sends JSON written beforehand as the answer, typed as `c.json(value, status)` would be: the JSON is not parsed and
 * encoded again for nothing, and the route's schema is still checked against `T`.
 */
export function jsonAnswer<T, S extends ContentfulStatusCode>(
  c: Context,
  json: JsonText<T> | JsonBytes<T>,
  status: S,
): JsonResponse<T, S> {
  const response: Response = c.body(json, status, { "content-type": "application/json" });
  // The one step the compiler cannot take: that these bytes are the JSON of a T, which JsonText/JsonBytes vouch for.
  return response as JsonResponse<T, S>;
}
