/**
 * The Redis record store's key names, as partitions. Every key a write touches — the record, the indexes, the
 * change feed — carries its partition's hash tag, so each write's script runs on one Redis Cluster slot, atomically.
 *
 * - Single node (the default): one partition, tag `{kakehashi}`, the key names every deployment has had.
 * - Cluster: N partitions, tags `{kakehashi:p0}` … `{kakehashi:p<N-1>}`; a record lives in the partition its
 *   (scheme, id) hashes to (partitionOf), so writes and the feed spread over the cluster's masters (docs/scaling.md).
 */
export interface Partition {
  index: number;
  prefix: string;
  /** The change feed (a stream). */
  feed: string;
  /** Label URLs: a lexicographic sorted set of "url recordKey" (several records may share a URL). */
  urls: string;
  /** The earlier one-record-per-URL hash (single node only), still read so older records stay findable. */
  legacyUrls: string | undefined;
  /** The listing index: a lexicographic sorted set of "scheme|id". */
  listing: string;
  /** The expiry schedule: record key by valid-until day. */
  expiries: string;
  /** The holder index: lexicographic "holder|scheme|id". */
  holders: string;
  recordKey(scheme: string, id: string): string;
  /** SCAN's MATCH pattern for the record keys (`{` and `}` are not special in Redis globs). */
  recordKeyPattern: string;
  /**
   * Where a quarantined value is kept: outside the record key pattern, so no read or scan meets it again; the time
   * first, so the keys of one record quarantined more than once stay apart and sort by when.
   */
  quarantineKey(scheme: string, id: string, ms: number): string;
}

function partition(index: number, tag: string, legacy: boolean): Partition {
  const prefix = `kakehashi:{${tag}}`;
  return {
    index,
    prefix,
    feed: `${prefix}:changes`,
    urls: `${prefix}:label-url-index`,
    legacyUrls: legacy ? `${prefix}:label-urls` : undefined,
    listing: `${prefix}:index`,
    expiries: `${prefix}:expiries`,
    holders: `${prefix}:holders`,
    recordKey: (scheme, id) => `${prefix}:record:${scheme}:${id}`,
    recordKeyPattern: `${prefix}:record:*`,
    quarantineKey: (scheme, id, ms) => `${prefix}:quarantine:${ms}:${scheme}:${id}`,
  };
}

/** The single-node layout: one partition under the tag `{kakehashi}`. */
export const SINGLE = partition(0, "kakehashi", true);

/** The cluster layout: `count` partitions, each its own hash tag (so, usually, its own slot). */
export function clusterPartitions(count: number): Partition[] {
  return Array.from({ length: count }, (_, index) => partition(index, `kakehashi:p${index}`, false));
}

/**
 * The partition of a record: FNV-1a of "scheme|id", modulo the count. Fixed for a deployment — changing the
 * partition count would move records, so REDIS_CLUSTER_PARTITIONS is checked against the stored count at start.
 */
export function partitionOf(scheme: string, id: string, count: number): number {
  if (count === 1) return 0;
  let hash = 0x811c9dc5;
  const text = `${scheme}|${id}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** A record key of either layout: the scheme (a slug, no `:`) and the registration id (which may hold `:`). */
export const RECORD_KEY = /^kakehashi:\{kakehashi(?::p\d{1,3})?\}:record:([^:]+):(.+)$/;

// The single-node names, as before (tests and tools read them).
export const PREFIX = SINGLE.prefix;
export const FEED = SINGLE.feed;
export const URLS = SINGLE.urls;
export const LEGACY_URLS = SINGLE.legacyUrls as string;
export const INDEX = SINGLE.listing;
export const EXPIRIES = SINGLE.expiries;
export const HOLDERS = SINGLE.holders;
export const recordKey = SINGLE.recordKey;
export const RECORD_KEY_PATTERN = SINGLE.recordKeyPattern;
export const quarantineKey = SINGLE.quarantineKey;
