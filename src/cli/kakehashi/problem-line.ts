import type { Problem } from "../../client/index.ts";
import type { MessageKey } from "../../i18n/en.ts";
import type { Translate } from "../../i18n/messages.ts";

/**
 * An API problem as the one line the command prints: what is wrong, in the command line's terms, and what to give
 * instead. The API's details already say how to fix an unknown id (they list the known ones); here the request's
 * field pointers become the arguments the user typed (`/query/asOf` → `--as-of 2026-02-30`), and a record's
 * field-by-field complaints are grouped (one "missing a, b, c" rather than a schema message per field).
 */

/** What each request field is called on this command line, with the value given (pointer → label). */
export type ArgumentLabels = Record<string, string | undefined>;

type ProblemError = { pointer: string; detail: string };

const RECORD = "/body/record";

export function problemLine(status: number, problem: Partial<Problem>, labels: ArgumentLabels = {}): string {
  const errors: ProblemError[] = problem.errors ?? [];
  if (errors.length === 0) return problem.detail ?? problem.title ?? "the request was refused";
  const recordErrors = errors.filter((e) => e.pointer === RECORD || e.pointer.startsWith(`${RECORD}/`));
  const parts = [
    ...(recordErrors.length > 0 ? [recordLine(recordErrors, labels[RECORD] ?? "the record")] : []),
    ...errors
      .filter((e) => !recordErrors.includes(e))
      // A 404's detail names the unknown id and lists the known ones; other details need the argument named.
      .map((e) => (status === 404 ? e.detail : `${labels[e.pointer] ?? e.pointer.split("/").at(-1)}: ${e.detail}`)),
  ];
  return [...new Set(parts)].join("; ");
}

/** "record.json is not a jc-star record: missing a, b; unknown fields x, y; level: expected one of …". */
function recordLine(errors: readonly ProblemError[], label: string): string {
  const missing: string[] = [];
  const unknown: string[] = [];
  const other: string[] = [];
  for (const e of errors) {
    const field = e.pointer.slice(RECORD.length + 1).replaceAll("/", ".") || "record";
    const detail = e.detail.replace(/^Invalid (?:input|option|type): /, "");
    if (/received undefined$/.test(detail)) missing.push(field);
    else if (detail.startsWith("not a field of this format: ")) {
      unknown.push(...detail.slice("not a field of this format: ".length).split(", "));
    } else other.push(`${field}: ${detail}`);
  }
  const found = [
    ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
    ...(unknown.length > 0
      ? [`unknown field${unknown.length > 1 ? "s" : ""} ${[...new Set(unknown)].join(", ")}`]
      : []),
    ...other,
  ];
  return `${label}: ${found.join("; ")}`;
}

/** A file the command could not read, as a sentence that says what to give instead: no Node error codes, no stack. */
export function fileProblem(file: string, error: NodeJS.ErrnoException | SyntaxError, t: Translate): string {
  if (error instanceof SyntaxError) return t("cli.error.notJson", { file, detail: error.message.split("\n")[0] ?? "" });
  const keys: Record<string, MessageKey> = {
    ENOENT: "cli.error.noFile",
    EISDIR: "cli.error.isFolder",
    EACCES: "cli.error.noPermission",
  };
  const key = error.code ? keys[error.code] : undefined;
  return key ? t(key, { file }) : t("cli.error.unreadable", { file, detail: error.message.split("\n")[0] ?? "" });
}
