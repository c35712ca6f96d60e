import type { ComponentHealth } from "../cache/cache.ts";
import type { Logger } from "../deps.ts";
import { decodeStoredRecord, type Undecodable } from "./record-decode.ts";
import {
  type Change,
  checkCursor,
  checkListCursor,
  currentUrlMatch,
  FEED_RETENTION_MS,
  holderMatches,
  listKey,
  normaliseLabelUrl,
  type PutInput,
  parseCursor,
  type Quarantined,
  type RecordStore,
  recordEtag,
  StoreConflict,
  type StoredRecord,
  strongTags,
  type UndecodableScanPage,
  undecodableConflict,
  withUndecodable,
} from "./record-store.ts";
import { UndecodableValues } from "./undecodable.ts";

/**
 * The in-memory record store: the embedded default of `npm start`, and the twin the tests run against. Not durable —
 * a restart loses every record (the Node entry says so loudly at start-up).
 */
export class MemoryRecordStore implements RecordStore {
  readonly durable = false;
  private readonly records = new Map<string, StoredRecord>();
  /** Normalised label URL → the records that have it (several may share one). */
  private readonly byUrl = new Map<string, Set<string>>();
  /** Records whose expiry the feed has shown, by the valid-until date it showed. */
  private readonly expiredAt = new Map<string, string>();
  private readonly feed: Change[] = [];
  /** Values moved out of the way by quarantine(), by quarantine key: kept, as on Redis, for an operator to look at. */
  private readonly quarantined = new Map<string, unknown>();
  private lastMs = 0;
  private lastSeq = 0;
  private readonly undecodable: UndecodableValues;

  /**
   * Values are decoded on every read here too, as on Redis: the twins behave alike, and a bug that stores something
   * invalid shows up in the tests that run against this twin.
   */
  constructor(options: { logger?: Logger } = {}) {
    this.undecodable = new UndecodableValues(options.logger);
  }

  health(): ComponentHealth {
    const health = { name: "record-store", status: "up" as const, detail: "in this process's memory: not durable" };
    return withUndecodable(health, this.undecodable.describe());
  }

  async get(scheme: string, registrationId: string): Promise<StoredRecord | undefined> {
    return this.current(scheme, registrationId);
  }

  /** Synchronous, so that a write's read and its write have no await between them (the twin's atomicity). */
  private current(scheme: string, registrationId: string): StoredRecord | undefined {
    const found = this.read(key(scheme, registrationId));
    if (found && "reason" in found) throw undecodableConflict(found);
    return found;
  }

  /** A record, undefined when there is none, or what is wrong with the value kept under its key. */
  private read(id: string): StoredRecord | Undecodable | undefined {
    const value = this.records.get(id);
    if (value === undefined) return undefined;
    const decoded = decodeStoredRecord(value);
    if (decoded.ok) {
      this.undecodable.forget(id);
      return decoded.value;
    }
    const [scheme = "", registrationId = ""] = id.split("\u0000");
    const undecodable = { key: id, scheme, registrationId, reason: decoded.reason };
    this.undecodable.report(undecodable);
    return undecodable;
  }

  async put(input: PutInput): Promise<{ record: StoredRecord; created: boolean }> {
    const existing = this.current(input.scheme, input.registrationId);
    checkPreconditions(existing, input.ifMatch, input.ifNoneMatch);
    const version = (existing?.version ?? 0) + 1;
    const record: StoredRecord = {
      scheme: input.scheme,
      registrationId: input.registrationId,
      version,
      etag: recordEtag(version),
      canonical: input.canonical,
      owner: existing ? existing.owner : input.owner,
      createdAt: existing?.createdAt ?? input.now,
      updatedAt: input.now,
      withdrawn: false,
      ...(input.writeId !== undefined ? { writeId: input.writeId } : {}),
    };
    this.records.set(key(input.scheme, input.registrationId), record);
    const id = key(input.scheme, input.registrationId);
    const url = input.canonical.urls.registry ? normaliseLabelUrl(input.canonical.urls.registry) : undefined;
    const before = existing?.canonical.urls.registry ? normaliseLabelUrl(existing.canonical.urls.registry) : undefined;
    if (before && before !== url) this.byUrl.get(before)?.delete(id);
    if (url) this.byUrl.set(url, (this.byUrl.get(url) ?? new Set()).add(id));
    this.append(existing ? "updated" : "created", record);
    return { record, created: !existing };
  }

  async withdraw(input: {
    scheme: string;
    registrationId: string;
    ifMatch: string;
    now: string;
  }): Promise<StoredRecord> {
    const existing = this.current(input.scheme, input.registrationId);
    if (!existing) throw new StoreConflict("not-found", `no record ${input.scheme}/${input.registrationId}`);
    // Idempotent, as on Redis: already withdrawn is the state asked for — no new version, no second feed entry.
    if (existing.withdrawn) return existing;
    checkPreconditions(existing, input.ifMatch, undefined);
    const version = existing.version + 1;
    // The withdrawal is a version of its own: the write id of the version before it no longer names the current one.
    const { writeId: _, ...kept } = existing;
    const record = { ...kept, version, etag: recordEtag(version), updatedAt: input.now, withdrawn: true };
    this.records.set(key(input.scheme, input.registrationId), record);
    this.append("withdrawn", record);
    return record;
  }

  async list(
    filter: { scheme?: string | undefined; holder?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<{ records: StoredRecord[]; next: string | null; undecodable: Undecodable[] }> {
    checkListCursor(cursor);
    // An undecodable value has no holder to filter by; it is named only when its scheme is in scope, as on Redis
    // (whose holder index still lists it under the holder it was written with — close enough for a warning).
    const all = [...this.records.keys()]
      .map((id) => this.read(id))
      .filter((r): r is StoredRecord | Undecodable => r !== undefined)
      .filter((r) => filter.scheme === undefined || r.scheme === filter.scheme)
      .filter((r) => "reason" in r || holderMatches(r, filter.holder))
      .sort((a, b) => (listKey(a.scheme, a.registrationId) < listKey(b.scheme, b.registrationId) ? -1 : 1))
      .filter((r) => cursor === undefined || listKey(r.scheme, r.registrationId) > cursor);
    const page = all.slice(0, limit);
    const last = page.at(-1);
    return {
      records: page.filter((r): r is StoredRecord => !("reason" in r)),
      next: all.length > limit && last ? listKey(last.scheme, last.registrationId) : null,
      undecodable: page.filter((r): r is Undecodable => "reason" in r),
    };
  }

  async expireDue(today: string, now: string): Promise<number> {
    let count = 0;
    for (const id of this.records.keys()) {
      const record = this.read(id);
      if (!record || "reason" in record) continue;
      const until = record.canonical.dates.validUntil;
      if (record.withdrawn || !until || until >= today || this.expiredAt.get(id) === until) continue;
      this.expiredAt.set(id, until);
      this.append("expired", { ...record, updatedAt: now });
      count++;
    }
    return count;
  }

  async findByUrl(url: string): Promise<StoredRecord[]> {
    const normalised = normaliseLabelUrl(url);
    if (!normalised) return [];
    return [...(this.byUrl.get(normalised) ?? [])].flatMap((id) => {
      const record = this.read(id);
      const found = record && !("reason" in record) ? currentUrlMatch(record, normalised) : undefined;
      return found ? [found] : [];
    });
  }

  async changes(
    since: string | undefined,
    limit: number,
    now: number,
  ): Promise<{ changes: Change[]; next: string | null; undecodable: Undecodable[] }> {
    this.trim(now);
    let start = 0;
    if (since !== undefined) {
      checkCursor(since, now);
      start = this.feed.findIndex((c) => compareCursors(c.cursor, since) > 0);
      if (start < 0) start = this.feed.length;
    }
    const page = this.feed.slice(start, start + limit);
    // The feed here is only ever appended to by this class: nothing to decode.
    return { changes: page, next: page.at(-1)?.cursor ?? since ?? null, undecodable: [] };
  }

  async scanUndecodable(cursor: string | undefined, limit: number): Promise<UndecodableScanPage> {
    // The cursor is the last key looked at (as hex, opaque to clients): keys after it in order come next, so a
    // key quarantined or added between pages never makes the walk skip another.
    const after = cursor === undefined ? undefined : decodeScanCursor(cursor);
    const keys = [...this.records.keys()].sort().filter((id) => after === undefined || id > after);
    const page = keys.slice(0, limit);
    const undecodable = page.flatMap((id) => {
      const found = this.read(id);
      if (!found || !("reason" in found)) return [];
      const { scheme, registrationId, reason } = found;
      return [{ key: displayKey(scheme, registrationId), scheme, registrationId, reason }];
    });
    const last = page.at(-1);
    const next = keys.length > limit && last !== undefined ? toHex(last) : null;
    return { undecodable, next, scanned: page.length };
  }

  async quarantine(scheme: string, registrationId: string, now: string): Promise<Quarantined> {
    const id = key(scheme, registrationId);
    const found = this.read(id);
    if (found === undefined) {
      throw new StoreConflict("not-found", `nothing is stored for ${scheme}/${registrationId} (already quarantined?)`);
    }
    if (!("reason" in found)) {
      throw new StoreConflict(
        "decodable",
        `${scheme}/${registrationId} decodes: it is a record, not a corrupt value — withdraw it instead`,
      );
    }
    const quarantineKey = `quarantine:${Date.parse(now)}:${scheme}:${registrationId}`;
    this.quarantined.set(quarantineKey, this.records.get(id));
    this.records.delete(id);
    for (const ids of this.byUrl.values()) ids.delete(id);
    this.expiredAt.delete(id);
    this.undecodable.forget(id);
    const shown = displayKey(scheme, registrationId);
    return { scheme, registrationId, key: shown, quarantineKey, reason: found.reason, quarantinedAt: now };
  }

  private append(type: Change["type"], record: StoredRecord): void {
    const ms = Math.max(Date.parse(record.updatedAt), this.lastMs);
    this.lastSeq = ms === this.lastMs ? this.lastSeq + 1 : 0;
    this.lastMs = ms;
    this.feed.push({
      cursor: `${ms}-${this.lastSeq}`,
      type,
      scheme: record.scheme,
      registrationId: record.registrationId,
      version: record.version,
      at: record.updatedAt,
    });
  }

  private trim(now: number): void {
    const oldest = now - FEED_RETENTION_MS;
    let drop = 0;
    while (drop < this.feed.length && (parseCursor(this.feed[drop]?.cursor ?? "")?.ms ?? 0) < oldest) drop++;
    if (drop > 0) this.feed.splice(0, drop);
  }
}

/** If-None-Match: * creates only; replacing needs If-Match (428); a stale or absent match is 412. */
export function checkPreconditions(
  existing: StoredRecord | undefined,
  ifMatch: string | undefined,
  ifNoneMatch: "*" | undefined,
): void {
  if (ifNoneMatch === "*" && existing) {
    throw new StoreConflict("precondition-failed", "the record exists (If-None-Match: *)", existing);
  }
  if (existing && ifMatch === undefined && ifNoneMatch === undefined) {
    throw new StoreConflict(
      "precondition-required",
      "replacing a record needs If-Match with its current ETag",
      existing,
    );
  }
  if (ifMatch !== undefined) {
    const tags = strongTags(ifMatch);
    if (!existing) throw new StoreConflict("precondition-failed", "no such record to match");
    if (!tags.includes("*") && !tags.includes(existing.etag)) {
      throw new StoreConflict("precondition-failed", `the record is at ${existing.etag}`, existing);
    }
  }
}

export function compareCursors(a: string, b: string): number {
  const x = parseCursor(a);
  const y = parseCursor(b);
  if (!x || !y) return 0;
  return x.ms - y.ms || x.seq - y.seq;
}

function key(scheme: string, registrationId: string): string {
  return `${scheme}\u0000${registrationId}`;
}

/** A record's key as the admin routes show it (the map's own key holds a NUL). */
function displayKey(scheme: string, registrationId: string): string {
  return `record:${scheme}:${registrationId}`;
}

/** A key as a scan cursor: its UTF-8 bytes in hex (Web APIs only, as in the rest of this twin). */
function toHex(id: string): string {
  return [...new TextEncoder().encode(id)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A scan cursor back to the key it names; anything that never came from a `next` is a bad cursor. */
function decodeScanCursor(cursor: string): string {
  const bytes = /^(?:[0-9a-f]{2})+$/.test(cursor) ? (cursor.match(/../g) ?? []) : [];
  const id = new TextDecoder().decode(new Uint8Array(bytes.map((pair) => Number.parseInt(pair, 16))));
  if (!id.includes("\u0000") || toHex(id) !== cursor) {
    throw new StoreConflict("bad-cursor", "not a scan cursor: pass back the next of an earlier page");
  }
  return id;
}
