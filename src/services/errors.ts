import type { CatalogIndex } from "../catalog/catalog-index.ts";

/**
 * What a service refuses, without HTTP: a kind, the sentence a caller reads, and the inputs at fault (a JSON pointer
 * into the request as the route parsed it: /path/…, /query/…, /header/…, /body/…). src/lib/to-problem.ts is the one
 * place that turns these, and the store's errors, into RFC 9457 problems.
 */
export type Refusal =
  | "not-found"
  | "forbidden"
  | "invalid"
  | "conflict"
  | "precondition-required"
  /** Not served by this deployment (no record store, no idempotency store): try the origin later. */
  | "not-served";

export interface FieldFault {
  pointer: string;
  detail: string;
}

export class ServiceError extends Error {
  readonly refusal: Refusal;
  readonly faults: FieldFault[] | undefined;
  /** When to try again, for a refusal that is about now, not about the request. */
  readonly retryAfterSeconds: number | undefined;

  constructor(refusal: Refusal, detail: string, options: { faults?: FieldFault[]; retryAfterSeconds?: number } = {}) {
    super(detail);
    this.name = "ServiceError";
    this.refusal = refusal;
    this.faults = options.faults;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/**
 * The store did not answer (down, hung past the request's deadline, or failing in a way it does not name). A write may
 * or may not have landed; the conditional headers make a retry safe.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super("the record store did not answer", { cause });
    this.name = "StoreUnavailable";
  }
}

/** A scheme id the catalog does not hold, pointing at the input that named it (the text of findScheme's 404). */
export function unknownScheme(catalog: CatalogIndex, schemeId: string, pointer: string): ServiceError {
  const known = catalog
    .allSchemes()
    .map((s) => s.id)
    .join(", ");
  const detail = `scheme "${schemeId}" is not in the catalog (known: ${known})`;
  return new ServiceError("not-found", detail, { faults: [{ pointer, detail }] });
}

/** Refuses (not-found) a scheme id the catalog does not hold. */
export function requireScheme(catalog: CatalogIndex, schemeId: string, pointer: string): void {
  if (!catalog.scheme(schemeId)) throw unknownScheme(catalog, schemeId, pointer);
}
