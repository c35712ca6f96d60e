import { z } from "zod";
import { ConfigError } from "../config-error.ts";
import { DID_WEB } from "../credentials/did.ts";
import type { AssetFetcher } from "./catalog-asset.ts";
import type { KvNamespace } from "./kv-cache.ts";

/**
 * The Worker's bindings and vars, parsed once per environment object as Node's are (src/env.ts), so that a bad one
 * is one clear error naming it — logged, and a 503 for every request — instead of a request that half works: an
 * ORIGIN_URL that is not a URL made every record path throw inside `new URL`, a missing ASSETS binding surfaced as a
 * catalog that "could not be loaded", and a bad ISSUER_DID only on the first credential request.
 *
 * An empty var counts as unset (wrangler writes `ORIGIN_URL = ""` for a var left blank, and the Worker always read
 * it so). The signing key's JWK is checked when the key ring loads (src/credentials/config.ts): importing a key is
 * asynchronous and costs a signature's time, which the isolate spends only once a credential is asked for.
 */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

export const WorkerEnvSchema = z.object({
  /** The Node origin that serves records; unset = record paths answer 503 naming the origin. */
  ORIGIN_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).optional()),
  /** The static-assets binding (wrangler.toml [assets]): the catalog, the stylesheet, Swagger UI's files. */
  ASSETS: z.custom<AssetFetcher>(
    (value) => typeof (value as { fetch?: unknown } | null)?.fetch === "function",
    'must be the static-assets binding (wrangler.toml [assets] binding = "ASSETS")',
  ),
  /** The private JWK credentials are signed with (a secret); unset = the Worker signs nothing. */
  CREDENTIAL_SIGNING_KEY: z.preprocess(unsetIfEmpty, z.string().optional()),
  /** Retired public keys still published (a JWK Set or an array of JWKs). */
  CREDENTIAL_PUBLISHED_KEYS: z.preprocess(unsetIfEmpty, z.string().optional()),
  /** The DID credentials are issued under. */
  ISSUER_DID: z.preprocess(
    unsetIfEmpty,
    z.string().regex(DID_WEB, "must be did:web:<host> (a port as %3A<port>), lower case").optional(),
  ),
  /** The KV namespace issued credentials are kept in for every isolate; unbound = each isolate's memory only. */
  ISSUED_CREDENTIALS: z
    .custom<KvNamespace>(
      (value) =>
        typeof (value as { get?: unknown } | null)?.get === "function" &&
        typeof (value as { put?: unknown }).put === "function",
      'must be a KV namespace binding (wrangler.toml [[kv_namespaces]] binding = "ISSUED_CREDENTIALS")',
    )
    .optional(),
});
export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

/** The Worker's environment, or a ConfigError with one line per bad binding or var (never its value: secrets). */
export function parseWorkerEnv(env: unknown): WorkerEnv {
  const result = WorkerEnvSchema.safeParse(env ?? {});
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`));
}
