import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emptyCanonical } from "../../src/contracts/record.ts";
import type { RecordStore, StoredRecord } from "../../src/store/record-store.ts";
import { projectRoot } from "./catalog-files.ts";

/** A real-shaped native record of a scheme, from test/fixtures/records/. */
export function recordFixture(scheme: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(projectRoot, "test/fixtures/records", `${scheme}.json`), "utf8"));
}

/**
 * A canonical JC-STAR ★1 record valid against its schema (the stores decode what they read and skip what does not
 * decode): the store, cluster and webhook tests' one record builder. `extra` replaces whole fields (urls, dates).
 */
export function jcStarCanonical(
  registrationId: string,
  holder = "Example Holder",
  extra: Partial<ReturnType<typeof emptyCanonical>> = {},
) {
  const empty = emptyCanonical("jc-star");
  return {
    ...empty,
    level: "STAR-1",
    registrationId,
    holder: { name: holder, address: null, identifiers: [] },
    product: { ...empty.product, name: "Home Gateway" },
    ...extra,
  };
}

/**
 * The n-th of a set of JC-STAR records that differ as a store migration must carry them: every fourth without a
 * registry URL, every fifth without a valid-until date, the second already past it (an expiry to schedule and run).
 */
export function variedJcStarCanonical(registrationId: string, n: number, holder: string) {
  return jcStarCanonical(registrationId, holder, {
    urls: {
      registry: n % 4 === 0 ? null : `https://registry.example/r/${registrationId}`,
      document: null,
      supportContact: null,
    },
    dates: {
      ...emptyCanonical("jc-star").dates,
      validUntil: n % 5 === 0 ? null : n === 1 ? "2020-01-31" : "2031-03-31",
    },
  });
}

/** Every record a store lists (for one holder, if given), page after page of 25: what two stores are compared by. */
export async function listAll(store: RecordStore, holder?: string): Promise<StoredRecord[]> {
  const all: StoredRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ holder }, cursor, 25);
    all.push(...page.records);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return all;
}
