import type { ComponentHealth } from "../cache/cache.ts";
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
  type RecordStore,
  recordEtag,
  StoreConflict,
  type StoredRecord,
  strongTags,
} from "./record-store.ts";

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
  private lastMs = 0;
  private lastSeq = 0;

  health(): ComponentHealth {
    return { name: "record-store", status: "up", detail: "in this process's memory: not durable" };
  }

  async get(scheme: string, registrationId: string): Promise<StoredRecord | undefined> {
    return this.records.get(key(scheme, registrationId));
  }

  async put(input: PutInput): Promise<{ record: StoredRecord; created: boolean }> {
    const existing = this.records.get(key(input.scheme, input.registrationId));
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
    const existing = this.records.get(key(input.scheme, input.registrationId));
    if (!existing) throw new StoreConflict("not-found", `no record ${input.scheme}/${input.registrationId}`);
    checkPreconditions(existing, input.ifMatch, undefined);
    const version = existing.version + 1;
    const record = { ...existing, version, etag: recordEtag(version), updatedAt: input.now, withdrawn: true };
    this.records.set(key(input.scheme, input.registrationId), record);
    this.append("withdrawn", record);
    return record;
  }

  async list(
    filter: { scheme?: string | undefined; holder?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<{ records: StoredRecord[]; next: string | null }> {
    checkListCursor(cursor);
    const all = [...this.records.values()]
      .filter((r) => (filter.scheme === undefined || r.scheme === filter.scheme) && holderMatches(r, filter.holder))
      .sort((a, b) => (listKey(a.scheme, a.registrationId) < listKey(b.scheme, b.registrationId) ? -1 : 1))
      .filter((r) => cursor === undefined || listKey(r.scheme, r.registrationId) > cursor);
    const page = all.slice(0, limit);
    const last = page.at(-1);
    return { records: page, next: all.length > limit && last ? listKey(last.scheme, last.registrationId) : null };
  }

  async expireDue(today: string, now: string): Promise<number> {
    let count = 0;
    for (const [id, record] of this.records) {
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
      const found = currentUrlMatch(this.records.get(id), normalised);
      return found ? [found] : [];
    });
  }

  async changes(
    since: string | undefined,
    limit: number,
    now: number,
  ): Promise<{ changes: Change[]; next: string | null }> {
    this.trim(now);
    let start = 0;
    if (since !== undefined) {
      checkCursor(since, now);
      start = this.feed.findIndex((c) => compareCursors(c.cursor, since) > 0);
      if (start < 0) start = this.feed.length;
    }
    const page = this.feed.slice(start, start + limit);
    return { changes: page, next: page.at(-1)?.cursor ?? since ?? null };
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
