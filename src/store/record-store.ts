import type { CanonicalRecord } from "../schemas/record.ts";

/**
 * The record store port: canonical records with their native originals, versioned, with an ordered change feed.
 * Twins: memory.ts (the embedded default: not durable) and redis.ts (durable, AOF). Writes are conditional —
 * optimistic concurrency with strong ETags — so concurrent partners never lose each other's updates.
 */
export interface StoredRecord {
  scheme: string;
  registrationId: string;
  version: number;
  /** Strong ETag of this version: `"<version>-<content hash>"`. */
  etag: string;
  canonical: CanonicalRecord;
  /** Who created it (an API key's principal); null when written without authentication (embedded mode). */
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  /** A withdrawn record stays as a tombstone, so the feed and later readers see that it was withdrawn. */
  withdrawn: boolean;
}

export type ChangeType = "created" | "updated" | "withdrawn";

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
}

export interface RecordStore {
  readonly durable: boolean;
  get(scheme: string, registrationId: string): Promise<StoredRecord | undefined>;
  put(input: PutInput): Promise<{ record: StoredRecord; created: boolean }>;
  withdraw(input: { scheme: string; registrationId: string; ifMatch: string; now: string }): Promise<StoredRecord>;
  changes(since: string | undefined, limit: number): Promise<{ changes: Change[]; next: string | null }>;
}

/** Why a conditional write was refused; the API maps these to 404 / 412 / 428 / 410. */
export class StoreConflict extends Error {
  constructor(
    readonly kind: "not-found" | "precondition-failed" | "precondition-required" | "cursor-expired",
    message: string,
    readonly current?: StoredRecord,
  ) {
    super(message);
  }
}

/** A strong ETag for a record version: the version number and a digest of its content. */
export function recordEtag(version: number, contentDigest: string): string {
  return `"${version}-${contentDigest.slice(0, 16)}"`;
}

/** RFC 9110 strong comparison: a weak tag (`W/`) never matches a strong one. */
export function strongMatch(header: string, etag: string): boolean {
  return header
    .split(",")
    .map((t) => t.trim())
    .some((t) => t === etag || t === "*");
}
