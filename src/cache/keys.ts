/**
 * Cache keys. Every key starts with the catalog digest, so answers computed from an older catalog are unreachable
 * the moment a new one is deployed (they expire by TTL). Parts are joined with a separator no part can contain.
 */
export function equivalenceKey(
  digest: string,
  from: string,
  to: string,
  asOf: string,
  category: string | undefined,
): string {
  return `kakehashi:${digest}:equivalence:${from}|${to}|${asOf}|${category ?? ""}`;
}

export function matrixKey(digest: string, asOf: string, category: string | undefined): string {
  return `kakehashi:${digest}:matrix:${asOf}|${category ?? ""}`;
}

export function marketAccessKey(
  digest: string,
  label: string | undefined,
  category: string,
  asOf: string,
  market: string | undefined,
): string {
  return `kakehashi:${digest}:market-access:${label ?? ""}|${category}|${asOf}|${market ?? ""}`;
}
