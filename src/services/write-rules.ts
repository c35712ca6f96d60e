import type { CanonicalRecord } from "../contracts/record.ts";
import { InvalidRecordError, type Translator, UnsupportedPairError } from "../domain/translation/translator.ts";
import { StoreConflict, type StoredRecord } from "../store/record-store.ts";
import { ServiceError } from "./errors.ts";

/** The rules a record write must pass before and after it meets the store (RecordService.write). */

/**
 * The record as it will be stored: canonical, read from the native format when it came in that form, and consistent
 * with the write — its registration id the URL's, its status one a partner may state.
 */
export function canonicalForWrite(
  translator: Translator,
  request: { scheme: string; registrationId: string; format: "native" | "canonical"; record: Record<string, unknown> },
): CanonicalRecord {
  const { scheme, registrationId } = request;
  const canonical = canonicalize(translator, scheme, request.format, request.record);
  if (canonical.registrationId !== null && canonical.registrationId !== registrationId) {
    throw new ServiceError("invalid", "the record's registration id differs from the URL's", {
      faults: [
        { pointer: "/body/record", detail: `registration id "${canonical.registrationId}", URL "${registrationId}"` },
      ],
    });
  }
  if (canonical.status === "expired") {
    throw new ServiceError("invalid", "expired is computed from the dates, not stated", {
      faults: [{ pointer: "/body/record/status", detail: "server-owned: use active or suspended" }],
    });
  }
  return canonical;
}

function canonicalize(
  translator: Translator,
  scheme: string,
  format: "native" | "canonical",
  record: Record<string, unknown>,
): CanonicalRecord {
  try {
    return translator.canonicalize(scheme, format, record);
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      throw new ServiceError("invalid", error.message, {
        faults: error.errors.map((e) => ({ pointer: `/body${e.pointer}`, detail: e.detail })),
      });
    }
    if (error instanceof UnsupportedPairError) {
      throw new ServiceError("invalid", `${error.message}; records are kept for: ${error.supported.join(", ")}`);
    }
    throw error;
  }
}

/**
 * `If-Match: *` matches any version: a blind overwrite (or withdrawal) that would slip past the lost-update
 * protection. Writes must name the version they replace.
 */
export function refuseBlindMatch(ifMatch: string | undefined): void {
  if (ifMatch === undefined || !ifMatch.split(",").some((tag) => tag.trim() === "*")) return;
  throw new ServiceError(
    "precondition-required",
    "If-Match: * would overwrite any version; send the record's current ETag",
    {
      faults: [{ pointer: "/header/if-match", detail: 'must be the current ETag ("v<n>"), not *' }],
    },
  );
}

/**
 * A write refused because the record is not as its conditional header expects may be this very write, landed by an
 * earlier attempt whose answer was lost: when the current version carries the same write id, that version is the
 * answer (201 for the version that created the record). Anything else is the refusal it was.
 */
export function recognisedRetry(
  error: unknown,
  writeId: string | undefined,
): { record: StoredRecord; created: boolean } {
  const current = error instanceof StoreConflict ? error.current : undefined;
  const kinds = ["precondition-failed", "precondition-required"];
  if (
    writeId === undefined ||
    !current ||
    current.writeId !== writeId ||
    !kinds.includes((error as StoreConflict).kind)
  )
    throw error;
  return { record: current, created: current.version === 1 };
}
