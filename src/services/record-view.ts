import { effectiveStatus } from "../domain/translation/translator.ts";
import type { StoredRecord } from "../store/record-store.ts";

/** A stored record as the API shows it: the status as of `today` (expired is computed), withdrawn above all. */
export function recordView(record: StoredRecord, today: string) {
  const status = record.withdrawn ? ("withdrawn" as const) : effectiveStatus(record.canonical, today);
  return {
    scheme: record.scheme,
    registrationId: record.registrationId,
    version: record.version,
    etag: record.etag,
    status,
    owner: record.owner,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    canonical: { ...record.canonical, status },
  };
}

export type RecordView = ReturnType<typeof recordView>;

/** Resolving a label URL: active first, then suspended, expired, withdrawn. */
export const statusRank = { active: 0, suspended: 1, expired: 2, withdrawn: 3 } as const;
