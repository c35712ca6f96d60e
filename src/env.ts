import { z } from "zod";
import { ApiKeysConfig } from "./auth/api-keys.ts";
import { DID_WEB } from "./credentials/did.ts";

/**
 * The process environment, parsed once. Every setting the service reads is here, with its default, so that a
 * misconfiguration fails at start-up with the name of the bad variable instead of surfacing mid-request.
 */
export const NodeEnvSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Redis for the shared L2 cache; unset = in-process cache only. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Longest a Redis command may take before the answer is computed without it. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  /** How long Redis is skipped after a failure (circuit breaker). */
  REDIS_BREAKER_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Longest a record-store command may take before the write is answered 503 + Retry-After. */
  REDIS_STORE_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  /** API keys for the record routes: a JSON array of {id, role, sha256, schemes}; none = record routes closed. */
  API_KEYS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      try {
        return ApiKeysConfig.parse(JSON.parse(text));
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: `not a valid key list: ${error instanceof Error ? error.message.slice(0, 200) : "?"}`,
        });
        return z.NEVER;
      }
    }),
  /** A JSON file holding the same list as API_KEYS (both may be given; the lists are joined). */
  API_KEYS_FILE: z.string().min(1).optional(),
  /** Requests a minute each API key may make on the record routes (0 = unlimited). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400 * 30)
    .default(3600),
  CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(2000),
  CACHE_MAX_MB: z.coerce.number().min(0).default(64),
  /** The DID credentials are issued under; unset = did:web of each request's host (set it in production). */
  ISSUER_DID: z.string().regex(DID_WEB, "must be did:web:<host> (a port as %3A<port>), lower case").optional(),
  /** The private JWK (Ed25519 or P-256) credentials are signed with; unset = an ephemeral key, loudly. */
  CREDENTIAL_SIGNING_KEY: z.string().optional(),
  /** A file holding the same JWK (takes effect when CREDENTIAL_SIGNING_KEY is unset). */
  CREDENTIAL_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Retired public keys kept published (a JWK Set or an array of JWKs) so older credentials still verify. */
  CREDENTIAL_PUBLISHED_KEYS: z.string().optional(),
  CREDENTIAL_PUBLISHED_KEYS_FILE: z.string().min(1).optional(),
});
export type NodeEnv = z.infer<typeof NodeEnvSchema>;

export function parseNodeEnv(env: Record<string, string | undefined>): NodeEnv {
  const result = NodeEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  return result.data;
}
