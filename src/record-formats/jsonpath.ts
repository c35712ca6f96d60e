import { JSONPath } from "jsonpath-plus";

/**
 * The one wrapper around jsonpath-plus. Paths come only from reviewed map files. A plain member path
 * (`$.holder.name`, `$.models[0]`) is compiled once into a property accessor — about 20× faster than the library
 * (measured: bench/README.md); anything else runs through jsonpath-plus with script evaluation off, and filter or
 * script expressions are refused outright when the map is loaded (jsonpath-plus has had RCEs through them).
 */
export type Selector = (input: unknown) => unknown;

const simplePath = /^\$((\.[A-Za-z_][A-Za-z0-9_]*)|(\[\d+\]))*$/;
const scriptLike = /\?\s*\(|\(\s*@|@\.|=>|\beval\b/;

export class UnsafePathError extends Error {}

export function compileSelector(path: string): Selector {
  if (scriptLike.test(path)) throw new UnsafePathError(`script and filter expressions are not allowed: ${path}`);
  if (simplePath.test(path)) {
    const steps = [...path.slice(1).matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) =>
      m[1] !== undefined ? m[1] : Number(m[2]),
    );
    return (input) => {
      let value: unknown = input;
      for (const step of steps) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<string | number, unknown>)[step];
      }
      return value;
    };
  }
  return (input) => {
    const results = JSONPath({ path, json: input as object, eval: false, wrap: true }) as unknown[];
    if (results.length === 0) return undefined;
    return results.length === 1 ? results[0] : results;
  };
}

/** Whether a path is served by a compiled accessor (for tests and the bench). */
export function isSimplePath(path: string): boolean {
  return simplePath.test(path);
}
