import type { Context } from "hono";
import { mayWrite } from "../../auth/api-keys.ts";
import { effectiveStatus, InvalidRecordError, UnsupportedPairError } from "../../domain/translation/translator.ts";
import { matchesIfNoneMatch } from "../../lib/catalog-etag.ts";
import { ProblemError } from "../../lib/problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import type { CanonicalRecord } from "../../schemas/record.ts";
import { type RecordStore, StoreConflict, type StoredRecord } from "../../store/record-store.ts";
import { findScheme } from "../schemes/schemes.handlers.ts";
import type * as routes from "./records.routes.ts";

export const put: AppRouteHandler<typeof routes.put> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const headers = c.req.valid("header");
  const body = c.req.valid("json");
  const principal = c.var.principal;
  const store = recordStore(c);
  findScheme(c.var.deps.catalog, scheme, "/path/scheme");
  if (principal && mayWrite(principal, scheme, undefined) !== "ok") {
    throw new ProblemError(403, `the key ${principal.id} may not write ${scheme} records`);
  }
  const canonical = canonicalize(c, scheme, body.format, body.record);
  if (canonical.registrationId !== null && canonical.registrationId !== registrationId) {
    throw new ProblemError(422, "the record's registration id differs from the URL's", {
      errors: [
        { pointer: "/body/record", detail: `registration id "${canonical.registrationId}", URL "${registrationId}"` },
      ],
    });
  }
  if (canonical.status === "expired") {
    throw new ProblemError(422, "expired is computed from the dates, not stated", {
      errors: [{ pointer: "/body/record/status", detail: "server-owned: use active or suspended" }],
    });
  }
  const existing = await guard(() => store.get(scheme, registrationId));
  if (principal && existing && mayWrite(principal, scheme, existing.owner) === "owner") {
    throw new ProblemError(403, `the record ${scheme}/${registrationId} belongs to another partner`);
  }
  const { record, created } = await guard(() =>
    store.put({
      scheme,
      registrationId,
      canonical: { ...canonical, registrationId },
      owner: principal?.id ?? null,
      ...(headers["if-match"] !== undefined ? { ifMatch: headers["if-match"] } : {}),
      ...(headers["if-none-match"] !== undefined ? { ifNoneMatch: headers["if-none-match"] } : {}),
      now: new Date().toISOString(),
    }),
  );
  c.header("ETag", record.etag);
  return created ? c.json(present(c, record), 201) : c.json(present(c, record), 200);
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const { format = "canonical" } = c.req.valid("query");
  const record = await guard(() => recordStore(c).get(scheme, registrationId));
  if (!record) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  // Each representation has its own strong tag: the version plus the format.
  const etag = format === "canonical" ? record.etag : `"v${record.version}-${format}"`;
  c.header("ETag", etag);
  c.header("Cache-Control", "private, no-cache");
  if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  if (format === "canonical") return c.json(present(c, record), 200);
  const base = { scheme, registrationId, version: record.version, format };
  if (format === "native") {
    const native = record.canonical.native?.record;
    if (!native) throw new ProblemError(404, "this record was stored in canonical form; it has no native original");
    return c.json({ ...base, record: native, provisional: false, warnings: [] }, 200);
  }
  findScheme(c.var.deps.catalog, format, "/query/format");
  try {
    const translated = await c.var.translator.translate({
      from: scheme,
      to: format,
      format: "canonical",
      record: { ...record.canonical, status: record.withdrawn ? "withdrawn" : record.canonical.status },
      asOf: c.var.deps.clock.today(),
    });
    return c.json({ ...base, record: translated.record, provisional: true, warnings: translated.warnings }, 200);
  } catch (error) {
    if (error instanceof UnsupportedPairError) {
      throw new ProblemError(422, `${error.message}; formats: canonical, native, ${error.supported.join(", ")}`);
    }
    throw error;
  }
};

export const recognition: AppRouteHandler<typeof routes.recognition> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const asOf = c.req.valid("query").asOf ?? c.var.deps.clock.today();
  const record = await guard(() => recordStore(c).get(scheme, registrationId));
  if (!record) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  const status = record.withdrawn ? ("withdrawn" as const) : effectiveStatus(record.canonical, asOf);
  const canonical = { ...record.canonical, status };
  const targets = c.var.deps.catalog.allSchemes().filter((s) => s.id !== scheme && s.levels.length > 0);
  return c.json(
    {
      scheme,
      registrationId,
      asOf,
      status,
      recognition: targets.map((t) => c.var.translator.recognize(canonical, t.id, asOf)),
    },
    200,
  );
};

export const resolveLabel: AppRouteHandler<typeof routes.resolveLabel> = async (c) => {
  const { url } = c.req.valid("query");
  const record = await guard(() => recordStore(c).findByUrl(url));
  if (!record) {
    throw new ProblemError(404, "no stored record has this label URL", {
      errors: [{ pointer: "/query/url", detail: "no match" }],
    });
  }
  c.header("ETag", record.etag);
  return c.json(present(c, record), 200);
};

export const withdraw: AppRouteHandler<typeof routes.withdraw> = async (c) => {
  const { scheme, registrationId } = c.req.valid("param");
  const ifMatch = c.req.valid("header")["if-match"];
  const principal = c.var.principal;
  const store = recordStore(c);
  const existing = await guard(() => store.get(scheme, registrationId));
  if (!existing) throw new ProblemError(404, `no record ${scheme}/${registrationId}`);
  if (principal && mayWrite(principal, scheme, existing.owner) !== "ok") {
    throw new ProblemError(403, `the key ${principal.id} may not withdraw ${scheme}/${registrationId}`);
  }
  if (ifMatch === undefined) throw new ProblemError(428, "withdrawing a record needs If-Match with its current ETag");
  const record = await guard(() => store.withdraw({ scheme, registrationId, ifMatch, now: new Date().toISOString() }));
  c.header("ETag", record.etag);
  return c.json(present(c, record), 200);
};

export const changes: AppRouteHandler<typeof routes.changes> = async (c) => {
  const { since, limit } = c.req.valid("query");
  const page = await guard(() => recordStore(c).changes(since, limit, Date.now()));
  c.header("Cache-Control", "no-store");
  return c.json(page, 200);
};

function recordStore(c: Context<AppEnv>): RecordStore {
  const store = c.var.deps.records;
  if (!store) {
    throw new ProblemError(503, "records are not served here; use the origin server", {
      headers: { "Retry-After": "3600" },
    });
  }
  return store;
}

function canonicalize(
  c: Context<AppEnv>,
  scheme: string,
  format: "native" | "canonical",
  record: Record<string, unknown>,
): CanonicalRecord {
  try {
    return c.var.translator.canonicalize(scheme, format, record);
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      throw new ProblemError(422, error.message, {
        errors: error.errors.map((e) => ({ pointer: `/body${e.pointer}`, detail: e.detail })),
      });
    }
    if (error instanceof UnsupportedPairError) {
      throw new ProblemError(422, `${error.message}; records are kept for: ${error.supported.join(", ")}`);
    }
    throw error;
  }
}

/** Store outcomes as problems; a store that cannot answer (Redis down) is a 503 with Retry-After, never a hang. */
async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof StoreConflict)) {
      // A write whose reply was lost may or may not have landed; the conditional headers make the retry safe.
      const detail =
        "the record store did not answer; retry with the same If-Match / If-None-Match, which makes a retry safe";
      throw new ProblemError(503, detail, { headers: { "Retry-After": "1" } });
    }
    const status = {
      "not-found": 404,
      "precondition-failed": 412,
      "precondition-required": 428,
      "cursor-expired": 410,
    } as const;
    throw new ProblemError(
      status[error.kind],
      error.message,
      error.current ? { headers: { ETag: error.current.etag } } : {},
    );
  }
}

function present(c: Context<AppEnv>, record: StoredRecord) {
  const status = record.withdrawn
    ? ("withdrawn" as const)
    : effectiveStatus(record.canonical, c.var.deps.clock.today());
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
