import type { FieldRule } from "../schemas/record-map.ts";
import { compileSelector, type Selector } from "./jsonpath.ts";
import { applyTransforms, TransformError } from "./transforms.ts";

/** A field rule made ready to run: its source read compiled once, its target split into path segments. */
export interface CompiledRule {
  to: string;
  target: readonly string[];
  read: Selector;
  /** Writes a value at the target, specialised for the path's depth (most targets are one or two levels deep). */
  write: (output: Record<string, unknown>, value: unknown) => void;
  rule: FieldRule;
}

export interface MapResult {
  output: Record<string, unknown>;
  /** Targets that received a value. */
  mapped: string[];
  /** Targets whose source was absent in this record, and the indexes of those rules. */
  empty: string[];
  emptyRules: number[];
  warnings: { field: string; message: string; rule: number }[];
}

/** Compiles the rules of one direction of a map; throws on an unsafe JSONPath (see jsonpath.ts). */
export function compileRules(rules: readonly FieldRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const target = targetPath(rule.to);
    return { to: rule.to, target, read: compileRead(rule), write: compileWrite(target), rule };
  });
}

/**
 * Runs compiled rules over an input record, filling `output` in place (pass a fresh object: `{}` or
 * `emptyCanonical(scheme)`; copying a template per record would cost more than the mapping itself).
 */
export function applyRules(rules: readonly CompiledRule[], input: unknown, output: Record<string, unknown>): MapResult {
  const result: MapResult = { output, mapped: [], empty: [], emptyRules: [], warnings: [] };
  rules.forEach((compiled, index) => {
    let value: unknown;
    try {
      value = compiled.read(input);
      if (compiled.rule.transform.length > 0) value = applyTransforms(value, compiled.rule.transform);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      result.warnings.push({ field: compiled.to, message: error.message, rule: index });
      return;
    }
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) {
      result.empty.push(compiled.to);
      result.emptyRules.push(index);
      return;
    }
    compiled.write(output, value);
    result.mapped.push(compiled.to);
  });
  return result;
}

function compileRead(rule: FieldRule): Selector {
  if (rule.from !== undefined) return compileSelector(rule.from);
  if (rule.constant !== undefined) {
    const constant = rule.constant;
    return () => constant;
  }
  const template = rule.template ?? "";
  const parts = template
    .split(/(\{\$[^}]*\})/)
    .map((part) => (part.startsWith("{$") ? compileSelector(part.slice(1, -1)) : part));
  return (input) => {
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      const value = part(input);
      if (value === undefined || value === null) return undefined;
      text += Array.isArray(value) ? value.join(", ") : String(value);
    }
    return text;
  };
}

/** `/holder/name` → ["holder", "name"] (RFC 6901 unescaping); a bare native field name is one segment. */
export function targetPath(to: string): string[] {
  if (!to.startsWith("/")) return [to];
  return to
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function compileWrite(path: readonly string[]): CompiledRule["write"] {
  const [first = "", second = ""] = path;
  if (path.length === 1) {
    return (output, value) => {
      output[first] = value;
    };
  }
  if (path.length === 2 && !/^\d+$/.test(second)) {
    return (output, value) => {
      const node = output[first];
      if (node !== null && typeof node === "object") (node as Record<string, unknown>)[second] = value;
      else output[first] = { [second]: value };
    };
  }
  return (output, value) => setAt(output, path, value);
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (next === null || typeof next !== "object") node[segment] = /^\d+$/.test(path[index + 1] ?? "") ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

/** The input paths a rule reads (`$.dates.issued` → "dates.issued"), from its path or its template placeholders. */
export function inputsRead(rule: FieldRule): string[] {
  const text = rule.from ?? rule.template ?? "";
  return [...text.matchAll(/\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => (m[1] ?? "").slice(1));
}
