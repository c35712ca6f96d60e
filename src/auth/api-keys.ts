import { z } from "zod";

/**
 * API keys. Keys are configured hashed (sha256 hex of the bearer token), never in clear, with a role: `reader`
 * (read records and the feed), `partner` (also write records of the schemes it is granted, and only records it
 * created), `admin` (everything). Catalog and equivalence routes are public.
 */
export const ApiKeyConfig = z.strictObject({
  id: z.string().min(1).max(64),
  role: z.enum(["reader", "partner", "admin"]),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the 64-character sha256 hex of the token (printf %s "$TOKEN" | sha256sum)'),
  schemes: z.array(z.string().min(1)).default([]).describe("schemes a partner may write"),
});
export type ApiKeyConfig = z.infer<typeof ApiKeyConfig>;

/** Bearer tokens are 16–512 characters: anything shorter is guessable, and is refused with a 401 that says so. */
export const MIN_TOKEN_LENGTH = 16;
export const MAX_TOKEN_LENGTH = 512;
export const ApiKeysConfig = z.array(ApiKeyConfig);

export interface Principal {
  id: string;
  role: ApiKeyConfig["role"];
  schemes: readonly string[];
}

/** Looks a bearer token up by its hash; the token itself is never stored or logged. */
export class ApiKeys {
  private readonly byHash: Map<string, Principal>;

  constructor(keys: readonly ApiKeyConfig[]) {
    this.byHash = new Map(keys.map((k) => [k.sha256, { id: k.id, role: k.role, schemes: k.schemes }]));
  }

  get configured(): boolean {
    return this.byHash.size > 0;
  }

  find(tokenHash: string): Principal | undefined {
    return this.byHash.get(tokenHash);
  }
}

/** Whether a principal may write records of a scheme (and, for an existing record, this one). */
export function mayWrite(
  principal: Principal,
  scheme: string,
  owner: string | null | undefined,
): "ok" | "scheme" | "owner" {
  if (principal.role === "admin") return "ok";
  if (principal.role !== "partner" || !principal.schemes.includes(scheme)) return "scheme";
  if (owner !== undefined && owner !== null && owner !== principal.id) return "owner";
  return "ok";
}
