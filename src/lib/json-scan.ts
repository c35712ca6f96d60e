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
 * last silently), a lone surrogate escape such as `\ud800` in a name or value (400: it is no character) and a NUL
 * character in a string value (422: no text field holds one). Syntax errors are left to the
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
      let lone = false;
      // The position of a low-surrogate escape that completes the pair before it (so it is not lone).
      let pairedLow = -1;
      // The next backslash is remembered across strings, so a body with few of them is not searched again and again.
      if (slash <= i) slash = nextBackslash(i + 1);
      while (j !== -1 && slash < j) {
        escaped = true;
        if (text.charCodeAt(slash + 1) === 0x75 /* u */) {
          if (text.startsWith("0000", slash + 2)) nul = true;
          // Only an escape can hold a surrogate (UTF-8 cannot encode one): d800–dbff must be followed at once by an
          // escape of dc00–dfff, and that one must follow its high half. Checked only for \uD… escapes.
          else if ((text.charCodeAt(slash + 2) | 0x20) === 0x64 /* d */) {
            const unit = hexUnit(text, slash + 2);
            if (unit >= 0xd800 && unit <= 0xdbff) {
              const low = text.charCodeAt(slash + 6) === 0x5c && text.charCodeAt(slash + 7) === 0x75;
              const next = low ? hexUnit(text, slash + 8) : Number.NaN;
              if (next >= 0xdc00 && next <= 0xdfff) pairedLow = slash + 6;
              else lone = true;
            } else if (unit >= 0xdc00 && unit <= 0xdfff && slash !== pairedLow) lone = true;
          }
        }
        // An escape covers the character after the backslash, which may be the quote found.
        if (slash + 1 === j) j = text.indexOf('"', j + 1);
        slash = nextBackslash(slash + 2);
      }
      if (j === -1) return undefined; // unterminated: the parser reports it
      const top = stack[stack.length - 1];
      if (lone) {
        // JSON.parse keeps it, but it is no character: it cannot be written as UTF-8, strict decoders (serde_json,
        // for one) refuse the whole document that holds it and others turn it into U+FFFD. Refused before anything
        // stores it.
        const at = top?.object && top.expectKey ? pointer(text.slice(i + 1, j)) : pointer();
        return {
          status: 400,
          detail: `${at}: a lone surrogate escape (\\ud800–\\udfff without its pair) is not text`,
          error: { pointer: at, detail: "lone UTF-16 surrogate escape; send the character itself or a valid pair" },
        };
      }
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

/** The value of four hex digits at `at`, NaN when they are not four hex digits. */
function hexUnit(text: string, at: number): number {
  const digits = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? Number.parseInt(digits, 16) : Number.NaN;
}
