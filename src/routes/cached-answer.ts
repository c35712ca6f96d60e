import type { Context } from "hono";
import { type JsonResponse, type JsonText, jsonAnswer, jsonText } from "../lib/json-text.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * Answers kept in the answer cache (deps.answers) as JSON text: the equivalence answer, the matrix and market access.
 * Shared by those routes, so no handler imports another resource's handler file for it.
 */

/** A client's `Cache-Control: no-cache` skips the cache (the answer is computed and stored again). */
export function bypassRequested(c: Context<AppEnv>): boolean {
  return /\bno-cache\b/i.test(c.req.header("cache-control") ?? "");
}

/**
 * The answer `compute()` gives, from the cache under `key` (computed and stored on a miss), sent as the JSON text the
 * cache holds — c.json would parse and encode it again for nothing — with the cache outcome in `X-Cache`.
 */
export async function cachedAnswer<T>(
  c: Context<AppEnv>,
  key: string,
  compute: () => T,
): Promise<JsonResponse<T, 200>> {
  const { value, outcome } = await c.var.deps.answers.get(key, () => jsonText(compute()), bypassRequested(c));
  c.set("cacheOutcome", outcome);
  c.header("X-Cache", outcome);
  // A key holds only what its own compute wrote (keys name the question: src/cache/keys.ts), so the text is a T's.
  return jsonAnswer(c, value as JsonText<T>, 200);
}
