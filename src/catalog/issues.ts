/**
 * A problem found in a data file, located precisely enough that a reviewer can jump to it:
 * `schemes/jc-star.yaml:42 levels[1].ordinal: must be greater than 1 (STAR-1)`.
 */
export interface CatalogIssue {
  file: string;
  line: number;
  /** 1-based, where known (YAML syntax problems). */
  column?: number;
  field: string;
  message: string;
}

export function formatIssue(issue: CatalogIssue): string {
  const at = issue.column !== undefined ? `${issue.line}:${issue.column}` : `${issue.line}`;
  return `${issue.file}:${at} ${issue.field || "(file)"}: ${issue.message}`;
}

/** Thrown by the compiler when any file is invalid; carries every issue found, not only the first. */
export class CatalogError extends Error {
  readonly issues: readonly CatalogIssue[];

  constructor(issues: readonly CatalogIssue[]) {
    super(`catalog has ${issues.length} problem(s):\n${issues.map(formatIssue).join("\n")}`);
    this.name = "CatalogError";
    this.issues = issues;
  }
}

/** `["levels", 1, "ordinal"]` → `levels[1].ordinal`: the field notation used in every message. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
