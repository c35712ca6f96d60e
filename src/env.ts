import { availableParallelism } from "node:os";
import { z } from "zod";
import { type ApiKeyConfig, ApiKeysConfig } from "./auth/api-keys.ts";
import { ConfigError } from "./config-error.ts";
import { DID_WEB } from "./credentials/did.ts";
import { parseClusterNodes } from "./store/redis-connection.ts";

/**
 * The process environment, parsed once. Every setting the service reads is here, with its default, so that a
 * misconfiguration fails at start-up with the name of the bad variable instead of surfacing mid-request.
 */
export const NodeEnvSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Redis for the record store and the shared L2 cache; unset = in-process only. `redis+cluster://host:port` names
   * one seed node of a Redis Cluster (see REDIS_CLUSTER_NODES).
   */
  REDIS_URL: z.url({ protocol: /^(rediss?|redis\+cluster)$/ }).optional(),
  /**
   * A Redis Cluster's seed nodes, `host:port,host:port` (ioredis finds the rest): the record store, idempotency, rate
   * limits and the answer cache run on the cluster (docs/scaling.md). Credentials and TLS come from REDIS_URL if set.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .refine((text) => parseClusterNodes(text) !== undefined, "must be host:port pairs separated by commas")
    .optional(),
  /**
   * On a cluster, how many partitions records and the change feed are spread over (each its own slot). Fixed once
   * records are written: another count would look for records in the wrong partitions (docs/scaling.md).
   */
  REDIS_CLUSTER_PARTITIONS: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * Acknowledge a record write only once this many replicas confirm it (Redis WAIT); a confirmation that does not
   * come within REDIS_WAIT_TIMEOUT_MS is a 503 (the write may have been applied: retry with the Idempotency-Key).
   */
  REDIS_WAIT_REPLICAS: z.coerce.number().int().min(0).max(16).default(0),
  REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  /** Longest a Redis command may take before the answer is computed without it. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(100),
  /** How long Redis is skipped after a failure (circuit breaker). */
  REDIS_BREAKER_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Longest a record-store command may take before the write is answered 503 + Retry-After. */
  REDIS_STORE_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  /**
   * true: refuse to start unless the record store's Redis keeps every acknowledged write (appendonly yes +
   * appendfsync always); the default only logs a warning. Needs REDIS_URL (memory is never durable).
   */
  REDIS_REQUIRE_DURABLE: z.stringbool().default(false),
  /** Development only: webhook subscriptions may target loopback (and plain http to it). Never in production. */
  WEBHOOK_ALLOW_LOOPBACK: z.stringbool().default(false),
  /**
   * Server processes sharing the port (node:cluster): a number, or `auto` for one per core. Default 1 — see
   * docs/decisions.md. More than one needs Redis: the in-memory stores would be one per process.
   */
  WORKERS: z
    .union([z.literal("auto"), z.coerce.number().int().min(1).max(256)])
    .default(1)
    .transform((value) => (value === "auto" ? Math.max(1, availableParallelism()) : value)),
  /**
   * On SIGTERM/SIGINT, the longest the process takes to exit: in-flight requests finish within it, then connections
   * still open (a stalled upload) are cut, and it exits 0.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /**
   * Longest a request body may stop arriving (nothing received) before the request is answered 408 and its
   * connection closed.
   */
  BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** API keys for the record routes: a JSON array of {id, role, sha256, schemes}; none = record routes closed. */
  API_KEYS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      const parsed = parseKeyList(text, "API_KEYS");
      for (const problem of parsed.problems) ctx.addIssue({ code: "custom", message: problem, path: [] });
      return parsed.problems.length > 0 ? z.NEVER : parsed.keys;
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

export { ConfigError };

export function parseNodeEnv(env: Record<string, string | undefined>): NodeEnv {
  const result = NodeEnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        // Key-list problems already name their entry (API_KEYS[0].sha256: …).
        return issue.code === "custom" && issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/**
 * A JSON key list (API_KEYS or the file API_KEYS_FILE names), every problem as its own line naming the entry and
 * field. A sha256 pasted from `sha256sum` output (`<hex>  -`) or in capitals is accepted as its hex.
 */
export function parseKeyList(text: string, source: string): { keys: ApiKeyConfig[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { keys: [], problems: [`${source}: not JSON (${error instanceof Error ? error.message : "?"})`] };
  }
  if (Array.isArray(json)) {
    json = json.map((entry) =>
      entry && typeof entry === "object" && typeof (entry as { sha256?: unknown }).sha256 === "string"
        ? { ...entry, sha256: cleanSha256((entry as { sha256: string }).sha256) }
        : entry,
    );
  }
  const parsed = ApiKeysConfig.safeParse(json);
  if (parsed.success) {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    parsed.data.forEach((key, index) => {
      const earlier = seen.get(key.sha256);
      if (earlier !== undefined) problems.push(`${source}[${index}].sha256: the same key as ${source}[${earlier}]`);
      seen.set(key.sha256, index);
    });
    return { keys: parsed.data, problems };
  }
  return {
    keys: [],
    problems: parsed.error.issues.map((issue) => {
      const [index, ...rest] = issue.path;
      const where =
        typeof index === "number" ? `${source}[${index}]${rest.map((p) => `.${String(p)}`).join("")}` : source;
      return `${where}: ${issue.message}`;
    }),
  };
}

/** `sha256sum` prints `<hex>  -` (or `<hex>  file`): keep the hex. */
function cleanSha256(value: string): string {
  const found = /^\s*([0-9a-fA-F]{64})(\s+(-|\S+))?\s*$/.exec(value);
  return found ? (found[1] as string).toLowerCase() : value;
}
