import type { ComponentHealth } from "../cache/cache.ts";
import type { CanonicalRecord } from "../contracts/record.ts";
import type { Undecodable } from "./record-decode.ts";

/**
 * The record store port: canonical records with their native originals, versioned, with an ordered change feed.
 * Twins: memory.ts (the embedded default: not durable) and redis.ts (durable, AOF). Writes are conditional —
 * optimistic concurrency with strong ETags — so concurrent partners never lose each other's updates.
 */
export interface StoredRecord {
  scheme: string;
  registrationId: string;
  version: number;
  /** Strong ETag of this version, `"v<version>"`. */
  etag: string;
  canonical: CanonicalRecord;
  /** Who created it (an API key's principal); null when written without authentication (embedded mode). */
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  /** A withdrawn record stays as a tombstone, so the feed and later readers see that it was withdrawn. */
  withdrawn: boolean;
  /**
   * Set when this version was written under an Idempotency-Key: a digest of (caller, key, request). A retry whose
   * first answer was lost finds its own write here and gets that write's answer instead of a 412. Never served.
   */
  writeId?: string;
}

export type ChangeType = "created" | "updated" | "withdrawn" | "expired";

export interface Change {
  /** Opaque, ordered: pass it back as `since` to read what came after. */
  cursor: string;
  type: ChangeType;
  scheme: string;
  registrationId: string;
  version: number;
  at: string;
}

export interface PutInput {
  scheme: string;
  registrationId: string;
  canonical: CanonicalRecord;
  owner: string | null;
  /** `*`: create only (412 if it exists). */
  ifNoneMatch?: "*";
  /** Replace only this version (412 otherwise). Required to replace an existing record (428 without it). */
  ifMatch?: string;
  now: string;
  /** The idempotent write this is (see StoredRecord.writeId); kept with the version it makes. */
  writeId?: string;
}

export interface RecordStore {
  readonly durable: boolean;
  /** What /readyz shows for the store (component "record-store"). */
  health(): ComponentHealth;
  /** Throws StoreConflict "undecodable" for a value at the record's key that does not decode (see record-decode.ts). */
  get(scheme: string, registrationId: string): Promise<StoredRecord | undefined>;
  put(input: PutInput): Promise<{ record: StoredRecord; created: boolean }>;
  /**
   * Withdraws (If-Match must name the current version). Idempotent: a record already withdrawn is returned as it is,
   * whatever If-Match names — no new version, no second `withdrawn` feed entry — so a retry whose answer was lost
   * gets the tombstone, not a 412.
   */
  withdraw(input: { scheme: string; registrationId: string; ifMatch: string; now: string }): Promise<StoredRecord>;
  /**
   * Records in (scheme, registration id) order after `cursor`, optionally of one scheme and one holder name (exact,
   * case-insensitive). `next` is null on the last page. Values that do not decode are left out of `records` and
   * named in `undecodable`: one bad key never fails the page.
   */
  list(
    filter: { scheme?: string | undefined; holder?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<{ records: StoredRecord[]; next: string | null; undecodable: Undecodable[] }>;
  /**
   * Appends an `expired` change, once, for each record whose valid-until date is before `today` (YYYY-MM-DD) and
   * that is not withdrawn — so the feed shows expiry, which no write causes. Returns how many expired. A record that
   * does not decode is reported and stepped over; the sweep goes on.
   */
  expireDue(today: string, now: string): Promise<number>;
  /**
   * Every record (withdrawn ones too) whose label / registry URL (canonical urls.registry) this is, normalised;
   * undecodable ones are reported and left out.
   */
  findByUrl(url: string): Promise<StoredRecord[]>;
  /**
   * Changes after `since` (from the start of retention without it), oldest first; `next` is the cursor to resume —
   * past any entry left out of `changes` because it does not decode (named in `undecodable`).
   */
  changes(
    since: string | undefined,
    limit: number,
    now: number,
  ): Promise<{ changes: Change[]; next: string | null; undecodable: Undecodable[] }>;
  /**
   * Walks the store's record keys (SCAN on Redis), a bounded page at a time, and returns those whose value does not
   * decode — whether or not a read has met them yet. Those met are reported as a read reports them (logged once,
   * counted by /readyz). `next` is an opaque cursor, null when the walk is done; a page may hold none while `next`
   * is still set.
   */
  scanUndecodable(cursor: string | undefined, limit: number): Promise<UndecodableScanPage>;
  /**
   * Moves the undecodable value at a record's key, as it is, to a quarantine key (kept, never deleted) and takes the
   * record out of the indexes, so lists stop warning about it. Writes no change-feed entry: the feed tells of
   * records, and no record event happened. "not-found" when nothing is stored there (so a second quarantine is a
   * 404), "decodable" when the value decodes (a record, not corruption: withdraw it instead).
   */
  quarantine(scheme: string, registrationId: string, now: string): Promise<Quarantined>;
}

/** A value found by scanUndecodable. scheme / registrationId are null for a key that does not name a record. */
export interface ScannedUndecodable {
  key: string;
  scheme: string | null;
  registrationId: string | null;
  /** The first decoding issue (a path and a message), never the stored value itself. */
  reason: string;
}

export interface UndecodableScanPage {
  undecodable: ScannedUndecodable[];
  next: string | null;
  /** How many record keys this page looked at. */
  scanned: number;
}

export interface Quarantined {
  scheme: string;
  registrationId: string;
  key: string;
  quarantineKey: string;
  reason: string;
  quarantinedAt: string;
}

/**
 * Why a conditional write or a read was refused; the API maps these to 404 / 412 / 428 / 410 / 400, and
 * "undecodable" (the stored value is corrupt: no retry helps, an operator must repair it) to 409, as it does
 * "decodable" (a quarantine asked for a value that is a sound record).
 */
export class StoreConflict extends Error {
  constructor(
    readonly kind:
      | "not-found"
      | "precondition-failed"
      | "precondition-required"
      | "cursor-expired"
      | "bad-cursor"
      | "undecodable"
      | "decodable",
    message: string,
    readonly current?: StoredRecord,
  ) {
    super(message);
  }
}

/** How long the change feed keeps entries; a cursor older than this gets 410 (resync). */
export const FEED_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** A strong ETag for a record version: versions only grow, so the version names the representation. */
export function recordEtag(version: number): string {
  return `"v${version}"`;
}

/**
 * The strong entity tags of an If-Match header (RFC 9110: strong comparison, so a weak `W/` tag never matches),
 * `*` kept as is. Stores compare against these. A representation's tag (`"v3-native"`, `"v3-uk-psti"`, as GET with
 * `format` sends it) is read as the version it names, `"v3"`: a client that read the native original or a
 * translation saw version 3 and may replace version 3 — the comparison stays strong and version-exact.
 */
export function strongTags(header: string): string[] {
  return header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t === "*" || /^"[^"]*"$/.test(t))
    .map((t) => t.replace(/^"(v\d+)-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"$/, '"$1"'));
}

/**
 * Feed cursors have the shape of Redis stream ids, `<milliseconds>-<sequence>`, in both twins: ordered, and old
 * enough ones can be told apart from the retention window without a lookup.
 */
export function parseCursor(cursor: string): { ms: number; seq: number } | undefined {
  const found = /^(\d{1,15})-(\d{1,15})$/.exec(cursor);
  return found ? { ms: Number(found[1]), seq: Number(found[2]) } : undefined;
}

/**
 * A label URL as compared: scheme and host lower-cased, no fragment, no trailing slash. Never fetched — a QR code
 * points wherever its printer chose, and Kakehashi only matches it against registry URLs partners stored.
 */
export function normaliseLabelUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    parsed.hash = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return undefined;
  }
}

/** The listing order key of a record, `scheme|registrationId` (neither part can hold a `|`). */
export function listKey(scheme: string, registrationId: string): string {
  return `${scheme}|${registrationId}`;
}

/** A holder name as compared and indexed: trimmed, lower-cased, with the index separator `|` replaced. */
export function holderKey(name: string): string {
  return name.trim().toLowerCase().replace(/\|/g, " ");
}

export function holderMatches(record: StoredRecord, holder: string | undefined): boolean {
  return holder === undefined || holderKey(record.canonical.holder.name) === holderKey(holder);
}

/**
 * The shape of a feed cursor, for request validation: one stream position (see parseCursor) on a single node, one
 * per partition joined by `.` on a cluster (src/store/feed-cursor.ts).
 */
export const FEED_CURSOR = /^\d{1,15}-\d{1,15}(?:\.\d{1,15}-\d{1,15}){0,255}$/;
/** The shape of a listing cursor, `scheme|registrationId` (see listKey), for request validation. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
export const LIST_CURSOR = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\|[^\s./|\u0000-\u001f\u007f][^|\u0000-\u001f\u007f]*$/;

/**
 * A `since` cursor the feed can serve from: malformed is a bad request (400) — never 410, which tells a client to
 * resync everything — and a well-formed one older than the retention is cursor-expired (410).
 */
export function checkCursor(since: string, now: number): void {
  const cursor = parseCursor(since);
  if (!cursor) throw new StoreConflict("bad-cursor", `"${since.slice(0, 40)}" is not a feed cursor`);
  if (cursor.ms < now - FEED_RETENTION_MS) {
    throw new StoreConflict("cursor-expired", "the cursor is older than the feed's retention; resync");
  }
}

/** A label-URL index may hold a URL a record has since changed: only a record whose current URL matches counts. */
export function currentUrlMatch(
  found: StoredRecord | undefined,
  normalised: string | undefined,
): StoredRecord | undefined {
  const current = found?.canonical.urls.registry ? normaliseLabelUrl(found.canonical.urls.registry) : undefined;
  return normalised !== undefined && current === normalised ? found : undefined;
}

/** A listing cursor is the `next` of an earlier page; anything else is a bad request, not "from the start". */
export function checkListCursor(cursor: string | undefined): void {
  if (cursor !== undefined && !LIST_CURSOR.test(cursor)) {
    throw new StoreConflict("bad-cursor", "not a listing cursor: pass back the next of an earlier page");
  }
}

/** The record store's /readyz entry: degraded (still serving) while undecodable values are known. */
export function withUndecodable(health: ComponentHealth, undecodable: string | undefined): ComponentHealth {
  if (undecodable === undefined || health.status !== "up") return health;
  return { ...health, status: "degraded", detail: `${health.detail ?? ""}; ${undecodable}` };
}

/** The refusal of a single-record read of a value that does not decode. */
export function undecodableConflict(value: Undecodable): StoreConflict {
  return new StoreConflict(
    "undecodable",
    `the stored record ${value.scheme}/${value.registrationId} cannot be decoded (${value.reason}); ` +
      "an operator must repair or remove it — retrying will not help",
  );
}
