import { afterEach, describe, expect, it, vi } from "vitest";
import { webCryptoSha256 } from "../../src/deps.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { decodeStoredRecord, StoredRecordSchema } from "../../src/store/record-decode.ts";
import { catalogIndex, engine } from "../helpers/engine.ts";
import { recordFixture } from "../helpers/records.ts";

/**
 * Issue 23 (a million records): a 500-record list page spent about a quarter of its time in zod decoding the 500
 * stored records. decodeStoredRecord now hands the canonical record to the accept-only check generated from its zod
 * schema and asks zod only about the envelope; anything the check does not accept is parsed whole by zod. Speed is
 * measured in `npm run bench:store`; here: zod's full parse is skipped for sound records, and the answers — data,
 * key order, and the reason for a bad value — are zod's.
 */
const translator = new Translator(catalogIndex, engine, webCryptoSha256);
const schemes = ["jc-star", "sg-cls", "uk-psti", "us-ctm", "eu-cra"];

function stored(scheme: string): Record<string, unknown> {
  const canonical = translator.canonicalize(scheme, "native", recordFixture(scheme));
  return {
    scheme,
    registrationId: "R-1",
    version: 3,
    etag: '"v3"',
    // As redis.ts hands it over: a fresh parse of the stored JSON text.
    canonical: JSON.parse(JSON.stringify(canonical)),
    owner: null,
    createdAt: "2026-12-01T10:00:00.000Z",
    updatedAt: "2026-12-02T10:00:00.000Z",
    withdrawn: false,
  };
}

/** What decoding with zod alone answers (the code before this change). */
function byZod(value: unknown) {
  const parsed = StoredRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join(".") || "value"}: ${issue.message}` : "does not decode" };
}

afterEach(() => vi.restoreAllMocks());

describe("decoding stored records", () => {
  it("a sound record of each format is decoded without zod parsing the whole record", () => {
    const whole = vi.spyOn(StoredRecordSchema, "safeParse");
    for (const scheme of schemes) {
      const decoded = decodeStoredRecord({ ...stored(scheme), writeId: "w-1" });
      expect(decoded.ok, scheme).toBe(true);
    }
    expect(whole).not.toHaveBeenCalled();
  });

  it("gives zod's data, in zod's key order", () => {
    for (const scheme of schemes) {
      for (const value of [stored(scheme), { ...stored(scheme), owner: "partner-a", writeId: "w-1", extra: 1 }]) {
        const mine = decodeStoredRecord(value);
        const reference = byZod(structuredClone(value));
        expect(mine).toEqual(reference);
        expect(JSON.stringify(mine)).toBe(JSON.stringify(reference));
      }
    }
  });

  it("refuses what zod refuses, with zod's first issue as the reason", () => {
    const sound = stored("jc-star");
    const canonical = sound.canonical as Record<string, unknown>;
    const bad: [string, unknown][] = [
      ["etag not of the version", { ...sound, etag: '"v2"' }],
      ["version not a number", { ...sound, version: "3" }],
      ["bad timestamp", { ...sound, updatedAt: "yesterday" }],
      ["empty owner", { ...sound, owner: "" }],
      ["withdrawn not a boolean", { ...sound, withdrawn: "0" }],
      ["no canonical record", { ...sound, canonical: undefined }],
      ["canonical not an object", { ...sound, canonical: "{}" }],
      ["canonical without a level", { ...sound, canonical: { ...canonical, level: "" } }],
      ["canonical with a bad date", { ...sound, canonical: { ...canonical, dates: { issued: "2026-02-30" } } }],
      ["both wrong", { ...sound, etag: 7, canonical: { ...canonical, holder: null } }],
      ["not an object", "garbage"],
      ["null", null],
    ];
    for (const [what, value] of bad) {
      const mine = decodeStoredRecord(value);
      expect(mine.ok, what).toBe(false);
      expect(mine, what).toEqual(byZod(value));
    }
  });
});
