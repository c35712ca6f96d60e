/**
 * The Redis record store's key names. All share the hash tag `{kakehashi}`, so the store's scripts run on one Redis
 * Cluster slot (a cluster gives this store failover, not sharding; see docs/records.md, "Scale-out").
 */
export const PREFIX = "kakehashi:{kakehashi}";
export const FEED = `${PREFIX}:changes`;
/** Label URLs: a lexicographic sorted set of "url recordKey" (several records may share a URL). */
export const URLS = `${PREFIX}:label-url-index`;
/** The earlier one-record-per-URL hash, still read so records written before the sorted set stay findable. */
export const LEGACY_URLS = `${PREFIX}:label-urls`;
export const INDEX = `${PREFIX}:index`;
export const EXPIRIES = `${PREFIX}:expiries`;
export const HOLDERS = `${PREFIX}:holders`;
export const recordKey = (scheme: string, id: string) => `${PREFIX}:record:${scheme}:${id}`;
/** A record key: the scheme (a slug, no `:`) and the registration id (which may hold `:`). */
export const RECORD_KEY = /^kakehashi:\{kakehashi\}:record:([^:]+):(.+)$/;
/** SCAN's MATCH pattern for the record keys (`{` and `}` are not special in Redis globs). */
export const RECORD_KEY_PATTERN = `${PREFIX}:record:*`;
/**
 * Where a quarantined value is kept: outside the record key pattern, so no read or scan meets it again; the time
 * first, so the keys of one record quarantined more than once stay apart and sort by when.
 */
export const quarantineKey = (scheme: string, id: string, ms: number) => `${PREFIX}:quarantine:${ms}:${scheme}:${id}`;
