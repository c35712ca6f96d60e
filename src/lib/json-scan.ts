import type { ProblemFieldError } from "./problem.ts";

/** Deepest nesting of arrays and objects a request body may have: records are a few levels deep; 64 is plenty. */
export const MAX_JSON_DEPTH = 64;

export interface JsonScanProblem {
  status: 400 | 422;
  detail: string;
  error: ProblemFieldError;
}

interface Frame {
  object: boolean;
  keys: Set<string> | undefined;
  /** The member name or element index the scan is at, for pointers. */
  at: string | number;
  expectKey: boolean;
}

/**
 * One pass over JSON text, iterative (never recursive, so no input can exhaust the stack), before anything parses
 * it: nesting deeper than `maxDepth` (400), a member name given twice in one object (400 — JSON.parse would keep the
 * last silently) and a NUL character in a string value (422: no text field holds one). Syntax errors are left to the
 * parser that runs next; the scan only has to stay safe on them. Pointers start at `root` (`/body`).
 */
export function scanJson(text: string, root = "/body", maxDepth = MAX_JSON_DEPTH): JsonScanProblem | undefined {
  const stack: Frame[] = [];
  const pointer = (extra?: string) => {
    const parts = stack.map((f) => String(f.at));
    if (extra !== undefined) parts[parts.length - 1] = extra;
    return root + parts.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
  };
  const n = text.length;
  const nextBackslash = (from: number) => {
    const at = text.indexOf("\\", from);
    return at === -1 ? Number.POSITIVE_INFINITY : at;
  };
  let slash = -1;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      // The closing quote: the next " not escaped. indexOf skips plain text at native speed.
      let j = text.indexOf('"', i + 1);
      let escaped = false;
      let nul = false;
      // The next backslash is remembered across strings, so a body with few of them is not searched again and again.
      if (slash <= i) slash = nextBackslash(i + 1);
      while (j !== -1 && slash < j) {
        escaped = true;
        if (text.charCodeAt(slash + 1) === 0x75 /* u */ && text.startsWith("0000", slash + 2)) nul = true;
        // An escape covers the character after the backslash, which may be the quote found.
        if (slash + 1 === j) j = text.indexOf('"', j + 1);
        slash = nextBackslash(slash + 2);
      }
      if (j === -1) return undefined; // unterminated: the parser reports it
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        let key: string;
        try {
          key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        } catch {
          return undefined; // malformed: the parser reports it
        }
        if (top.keys?.has(key)) {
          const at = pointer(key);
          return {
            status: 400,
            detail: `${at}: the member "${key}" appears twice in one object`,
            error: { pointer: at, detail: "duplicate member name; send it once" },
          };
        }
        top.keys?.add(key);
        top.at = key;
        top.expectKey = false;
      } else if (nul) {
        // (A raw, unescaped NUL is not JSON at all: the parser refuses it.)
        const at = pointer();
        return {
          status: 422,
          detail: `${at}: text must not contain NUL (U+0000) characters`,
          error: { pointer: at, detail: "contains a NUL (U+0000) character" },
        };
      }
      i = j;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        const at = pointer();
        return {
          status: 400,
          detail: `the body is nested deeper than ${maxDepth} levels`,
          error: { pointer: at, detail: `nesting deeper than ${maxDepth} levels` },
        };
      }
      const object = ch === 0x7b;
      stack.push({ object, keys: object ? new Set() : undefined, at: object ? "" : 0, expectKey: object });
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
    }
  }
  return undefined;
}
