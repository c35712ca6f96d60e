import fc from "fast-check";
import type { CanonicalRecord } from "../src/contracts/record.ts";
import { webCryptoSha256 } from "../src/deps.ts";
import { Translator } from "../src/domain/translation/translator.ts";
import { generatedRecordChecks } from "../src/record-formats/generated-checks.ts";
import { generatedFieldMaps } from "../src/record-formats/generated-maps.ts";
import { listKey } from "../src/store/record-store.ts";
import { catalogIndex, engine } from "../test/helpers/engine.ts";
import { recordArbitrary } from "../test/helpers/record-arbitrary.ts";
import { recordFixture } from "../test/helpers/records.ts";

/**
 * The records `npm run bench:store` writes: native records of the five record formats, canonicalised by the
 * translator as PUT /v1/records does, each with an identity of its own so that a million are distinct and the store's
 * indexes grow as a real store's would.
 *
 * Record n is of scheme n mod 5. Its body is the scheme's sample record (test/fixtures/records/, realistic lengths)
 * for even n, and for odd n one of a seeded pool of records made the way the property tests make them
 * (test/helpers/record-arbitrary.ts: every field of the declared format, optional ones present or not). On that body
 * the generator sets the fields that make it a record of its own: registration id, holder, registry / document URL,
 * dates. Holders are skewed (a few large manufacturers, a long tail of small ones), so the holder listing has large
 * holders to page through. Everything is a pure function of n and the total, so the bench can name any record
 * without keeping a million in memory.
 */

export const BENCH_SCHEMES = ["eu-cra", "jc-star", "sg-cls", "uk-psti", "us-ctm"] as const;
type BenchScheme = (typeof BENCH_SCHEMES)[number];

const POOL = 63;
const SEED = 23;

export interface BenchRecord {
  scheme: string;
  registrationId: string;
  canonical: CanonicalRecord;
}

export class BenchRecords {
  // Built as src/app.ts builds it: the generated field maps and record checks, as both runtimes run them.
  private readonly translator = new Translator(
    catalogIndex,
    engine,
    webCryptoSha256,
    generatedFieldMaps,
    generatedRecordChecks,
  );
  private readonly pools = new Map<BenchScheme, Record<string, unknown>[]>();
  private readonly samples = new Map<BenchScheme, Record<string, unknown>>();
  /** How many holders there are: one for every 50 records, at least 100. */
  readonly holders: number;

  constructor(readonly total: number) {
    this.holders = Math.max(100, Math.floor(total / 50));
    for (const scheme of BENCH_SCHEMES) {
      const samples = fc.sample(recordArbitrary(scheme), { numRuns: POOL * 4, seed: SEED });
      // Keep the generated bodies that stay valid records once given an identity (a random status may be one the
      // API refuses to store, "expired"), so the bench writes only what PUT /v1/records would accept.
      const usable = samples.filter((body, index) => {
        try {
          const made = this.canonicalise(scheme, this.withIdentity(scheme, body, index));
          return made.status !== "expired";
        } catch {
          return false;
        }
      });
      if (usable.length < 8) throw new Error(`only ${usable.length} generated ${scheme} records canonicalise`);
      this.pools.set(scheme, usable.slice(0, POOL));
      this.samples.set(scheme, recordFixture(scheme));
    }
  }

  scheme(n: number): BenchScheme {
    return BENCH_SCHEMES[n % BENCH_SCHEMES.length] as BenchScheme;
  }

  /** The store's registration id of record n (for CLS it carries a real expiry date, as the format requires). */
  registrationId(n: number): string {
    const serial = String(Math.floor(n / BENCH_SCHEMES.length)).padStart(7, "0");
    switch (this.scheme(n)) {
      case "jc-star":
        return `JC-${2025 + (n % 3)}-${serial}`;
      case "sg-cls": {
        const expiry = this.expiry(n);
        return `CSA/${expiry.slice(8, 10)}${expiry.slice(5, 7)}${expiry.slice(2, 4)}/P${serial}`;
      }
      case "eu-cra":
        return `DOC-${serial}`;
      case "uk-psti":
        return `PSTI-${serial}`;
      case "us-ctm":
        return `CTM-${serial}`;
    }
  }

  /** The listing order key of record n (the store's list cursor). */
  listKey(n: number): string {
    return listKey(this.scheme(n), this.registrationId(n));
  }

  /**
   * Record n's holder index: log-uniform over the holders (P(h) ∝ 1/(h+1) roughly), so holder 0 has about
   * ln 2 / ln(holders + 1) of all records — 7 % at a million — and most holders a handful.
   */
  holderIndex(n: number): number {
    const u = hash01(n);
    return Math.min(this.holders - 1, Math.floor(Math.exp(u * Math.log(this.holders + 1))) - 1);
  }

  holderName(h: number): string {
    return `Holder ${String(h).padStart(6, "0")} Manufacturing Co., Ltd.`;
  }

  record(n: number): BenchRecord {
    const scheme = this.scheme(n);
    const pool = this.pools.get(scheme) ?? [];
    const body = n % 2 === 0 ? this.samples.get(scheme) : pool[(n >> 1) % pool.length];
    if (!body) throw new Error(`no ${scheme} record to start from`);
    const native = this.withIdentity(scheme, body, n);
    const registrationId = this.registrationId(n);
    // As PUT /v1/records stores it: the URL's registration id, also where the format has none (PSTI, CTM).
    return { scheme, registrationId, canonical: { ...this.canonicalise(scheme, native), registrationId } };
  }

  private canonicalise(scheme: string, native: Record<string, unknown>): CanonicalRecord {
    return this.translator.canonicalize(scheme, "native", native);
  }

  /** A valid-until date two to five years ahead of 2026, spread by n. */
  private expiry(n: number): string {
    const day = new Date(Date.UTC(2028, 0, 1) + (n % 1096) * 86_400_000);
    return day.toISOString().slice(0, 10);
  }

  private withIdentity(scheme: BenchScheme, body: Record<string, unknown>, n: number): Record<string, unknown> {
    const id = this.registrationId(n);
    const holder = this.holderName(this.holderIndex(n));
    const url = `https://example.org/${scheme}/${encodeURIComponent(id)}`;
    const issued = new Date(Date.UTC(2025, 0, 1) + (n % 700) * 86_400_000).toISOString().slice(0, 10);
    switch (scheme) {
      case "jc-star":
        return {
          ...body,
          registrationNumber: id,
          vendorName: holder,
          productPageUrl: url,
          issueDate: issued,
          expiryDate: this.expiry(n),
        };
      case "sg-cls": {
        const { labelExpiry: _ignored, ...rest } = body;
        return { ...rest, registrationId: id, manufacturer: holder };
      }
      case "uk-psti":
        return { ...body, manufacturerName: holder, statementUrl: url, dateOfIssue: issued };
      case "us-ctm":
        return { ...body, manufacturerName: holder, registryUrl: url, authorizationDate: issued };
      case "eu-cra":
        return {
          ...body,
          docNumber: id,
          manufacturerName: holder,
          signedFor: holder,
          docUrl: url,
          dateOfIssue: issued,
        };
    }
  }
}

/** A fixed pseudo-random number in [0, 1) for n (a 32-bit integer hash), so the generator keeps no state. */
function hash01(n: number): number {
  let x = (n + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 4_294_967_296;
}
