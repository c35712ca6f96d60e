import { z } from "zod";
import type { Catalog } from "../../src/catalog/model.ts";
import { isRealDate } from "../../src/contracts/common.ts";
import { CanonicalRecord } from "../../src/contracts/record.ts";
import { nativeRecordSchema } from "../../src/record-formats/native-schema.ts";

/**
 * Compiles the record schemas to accept-only checks at build time (generated/record-checks.js), so the translator's
 * hot path runs straight-line code instead of zod's generic machinery, while zod stays the single reference and
 * writes every error: a generated check either returns the data zod's parse would (strings as given, `.default`s
 * filled, unknown keys stripped, every object and list a new one) or `undefined`, and the caller then asks zod
 * (record-parse.ts). It never reports anything, so nothing of zod's rejection path (messages, issue order, abort
 * flags) is copied.
 *
 * The checks are read from `z.toJSONSchema(schema, { io: "input" })`, zod's own description of what it accepts, and
 * tightened for what JSON Schema cannot say, so that the check accepts a subset of what zod accepts:
 * - a string zod trims (`.trim()`) is accepted only when it is already trimmed: trimming is then a no-op, and the
 *   lengths JSON Schema gives apply to the value as given;
 * - lengths are counted in UTF-16 units, which bound zod's code-point counts from both sides (a string within
 *   `maxLength` units is within it in code points; `2n − 1` units are at least `n` code points);
 * - `format: "uri"` (zod's `z.url()`, with or without an http(s) protocol rule) accepts only a plain http(s) URL the
 *   WHATWG parser certainly accepts as it is (plain-url.ts), so zod's output — the trimmed value without tabs and
 *   newlines — is the value itself;
 * - a `.refine` is run by calling the very function zod calls, found by identity in `refinements` below;
 * - objects are accepted only with `Object.prototype` as prototype (what JSON.parse makes), keys holding
 *   `undefined` are left to zod, and a record (`z.record(z.string(), z.unknown())`) only without an own `__proto__`
 *   or symbol keys.
 * Anything else the generator does not know — another transform, refinement, format or keyword — stops the build
 * rather than being guessed at. test/domain/record-fast-checks.test.ts holds the one direction that matters: what a
 * check accepts, zod accepts with deep-equal data.
 */

/** The refinements a check may call, by the function zod was given (identity), and their name in the helpers. */
const refinements = new Map<unknown, string>([[isRealDate, "isRealDate"]]);

/** zod's `.trim()` is an overwrite whose function is zod's own: recognised by its source text. */
const trimSource = String(
  (z.string().trim()._zod.def.checks?.[0]?._zod.def as { tx?: unknown } | undefined)?.tx ?? "no trim",
);

type JsonNode = Record<string, unknown>;

/** Build-time notes on a JSON Schema node, for what JSON Schema cannot say. */
interface Notes {
  trimmed?: true;
  url?: true;
  refine?: string[];
}

const notesKey = "x-kakehashi";

const knownTypes = new Set([
  "string",
  "number",
  "boolean",
  "null",
  "object",
  "array",
  "enum",
  "union",
  "nullable",
  "optional",
  "default",
  "record",
  "unknown",
]);

/** zod's JSON Schema of `schema`, each node noted with what its zod checks add (or the build stops). */
export function annotatedJsonSchema(schema: z.ZodType): JsonNode {
  return z.toJSONSchema(schema, {
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; checks?: { _zod: { def: unknown } }[] } & Record<
        string,
        unknown
      >;
      // Only kinds whose JSON Schema says what they accept and give: a pipe or transform, for one, is described by
      // its input alone.
      if (!knownTypes.has(def.type)) throw new Error(`record checks: zod type ${def.type} is not supported`);
      const notes: Notes = {};
      if (def.type === "string" && def.format === "url") noteUrl(def, notes);
      else if (def.type === "string" && def.format !== undefined) {
        throw new Error(`record checks: string format ${String(def.format)} is not supported`);
      }
      for (const check of def.checks ?? []) noteCheck(check._zod.def as Record<string, unknown>, notes);
      if (Object.keys(notes).length > 0) (jsonSchema as JsonNode)[notesKey] = notes;
    },
  }) as JsonNode;
}

function noteUrl(def: Record<string, unknown>, notes: Notes): void {
  if (def.normalize || def.hostname)
    throw new Error("record checks: z.url() with normalize or hostname is not supported");
  const protocol = def.protocol as RegExp | undefined;
  // The plain-URL test admits http and https: the protocol rule must admit both.
  if (protocol && !(new RegExp(protocol).test("http") && new RegExp(protocol).test("https"))) {
    throw new Error(`record checks: z.url() protocol ${protocol} does not admit http and https`);
  }
  notes.url = true;
}

function noteCheck(check: Record<string, unknown>, notes: Notes): void {
  switch (check.check) {
    case "min_length":
    case "max_length":
    case "greater_than":
    case "less_than":
      return; // in the JSON Schema
    case "number_format":
      if (check.format === "safeint") return; // `type: integer` within the safe range
      break;
    case "string_format":
      if (check.format === "regex" && (check.pattern as RegExp).flags === "") return; // `pattern`, same flags
      if (check.format === "url") {
        noteUrl(check, notes);
        return;
      }
      break;
    case "overwrite":
      if (String(check.tx) === trimSource) {
        notes.trimmed = true;
        return;
      }
      break;
    case "custom": {
      const name = refinements.get(check.fn);
      if (name) {
        notes.refine = [...(notes.refine ?? []), name];
        return;
      }
      break;
    }
  }
  throw new Error(`record checks: zod check ${String(check.check)} ${String(check.format ?? "")} is not supported`);
}

/** The helpers the generated module receives (the refinements and the plain-URL test). */
export const helperNames = ["plainHttpUrl", ...refinements.values()];

/** Keywords the generator reads, and those it may ignore (documentation). Any other stops the build. */
const read = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "enum",
  "anyOf",
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
  "format",
  "default",
  notesKey,
]);
const ignored = new Set(["$schema", "description", "examples", "example", "title"]);

/** Generated functions of one module: each node's code once, by its text. */
class Emitter {
  readonly lines: string[] = [];
  private readonly byCode = new Map<string, string>();
  private readonly constants = new Map<string, string>();

  constant(code: string): string {
    let name = this.constants.get(code);
    if (!name) {
      name = `K${this.constants.size}`;
      this.constants.set(code, name);
      this.lines.push(`  const ${name} = ${code};`);
    }
    return name;
  }

  /** The name of a function `(v) => output | undefined` for a node. */
  check(node: JsonNode): string {
    const body = this.body(node);
    let name = this.byCode.get(body);
    if (!name) {
      name = `c${this.byCode.size}`;
      this.byCode.set(body, name);
      this.lines.push(`  function ${name}(v) {\n${body}\n  }`);
    }
    return name;
  }

  private body(node: JsonNode): string {
    for (const key of Object.keys(node)) {
      if (!read.has(key) && !ignored.has(key))
        throw new Error(`record checks: JSON Schema keyword ${key} is not supported`);
    }
    if (node.anyOf) {
      const options = (node.anyOf as JsonNode[]).map((option) => this.check(option));
      // zod's union answers with its first option that accepts.
      return `${options.map((o) => `    { const r = ${o}(v); if (r !== undefined) return r; }`).join("\n")}\n    return undefined;`;
    }
    if (node.enum) {
      const values = this.constant(`new Set(${JSON.stringify(node.enum)})`);
      return `    return ${values}.has(v) ? v : undefined;`;
    }
    const types = typeof node.type === "string" ? [node.type] : ((node.type as string[] | undefined) ?? []);
    if (types.length === 0) throw new Error("record checks: a node without a type is not supported");
    const branches = types.map((type) => this.typed(type, node));
    return `${branches.join("\n")}\n    return undefined;`;
  }

  private typed(type: string, node: JsonNode): string {
    const notes = (node[notesKey] ?? {}) as Notes;
    switch (type) {
      case "null":
        return "    if (v === null) return null;";
      case "boolean":
        return '    if (typeof v === "boolean") return v;';
      case "integer":
        return `    if (Number.isSafeInteger(v)${bounds(node)}) return v;`;
      case "number":
        return `    if (typeof v === "number" && Number.isFinite(v)${bounds(node)}) return v;`;
      case "string":
        return this.string(node, notes);
      case "array":
        return this.array(node);
      case "object":
        return node.properties ? this.object(node) : this.record(node);
      default:
        throw new Error(`record checks: type ${type} is not supported`);
    }
  }

  private string(node: JsonNode, notes: Notes): string {
    const tests = ['typeof v === "string"'];
    if (notes.trimmed) tests.push("v.trim() === v");
    if (typeof node.minLength === "number") tests.push(`v.length >= ${2 * node.minLength - 1}`);
    if (typeof node.maxLength === "number") tests.push(`v.length <= ${node.maxLength}`);
    if (typeof node.pattern === "string") {
      tests.push(`${this.constant(`new RegExp(${JSON.stringify(node.pattern)})`)}.test(v)`);
    }
    if (node.format !== undefined) {
      if (node.format !== "uri" || !notes.url) throw new Error(`record checks: format ${String(node.format)}`);
      tests.push("plainHttpUrl(v)");
    }
    for (const name of notes.refine ?? []) tests.push(`${name}(v)`);
    return `    if (${tests.join(" && ")}) return v;`;
  }

  private array(node: JsonNode): string {
    if (!node.items) throw new Error("record checks: an array without items is not supported");
    const item = this.check(node.items as JsonNode);
    const tests = ["Array.isArray(v)"];
    if (typeof node.minItems === "number") tests.push(`v.length >= ${node.minItems}`);
    if (typeof node.maxItems === "number") tests.push(`v.length <= ${node.maxItems}`);
    return [
      `    if (${tests.join(" && ")}) {`,
      "      const out = new Array(v.length);",
      "      for (let i = 0; i < v.length; i++) {",
      `        const r = ${item}(v[i]);`,
      "        if (r === undefined) return undefined;",
      "        out[i] = r;",
      "      }",
      "      return out;",
      "    }",
    ].join("\n");
  }

  /** z.object (unknown keys stripped) or z.strictObject (`additionalProperties: false`: any unknown key → zod). */
  private object(node: JsonNode): string {
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      throw new Error("record checks: an object with both properties and additionalProperties is not supported");
    }
    const properties = Object.entries(node.properties as Record<string, JsonNode>);
    const required = new Set((node.required as string[] | undefined) ?? []);
    const lines = ["    if (isPlain(v)) {"];
    if (node.additionalProperties === false) {
      const known = this.constant(`new Set(${JSON.stringify(properties.map(([key]) => key))})`);
      lines.push(`      for (const key in v) if (!${known}.has(key)) return undefined;`);
    }
    const optional = properties.some(([key, p]) => !required.has(key) && p.default === undefined);
    lines.push(optional ? "      const out = {};" : "");
    const literal: string[] = [];
    properties.forEach(([key, property], index) => {
      const k = JSON.stringify(key);
      const check = this.check(property);
      const o = `o${index}`;
      if (required.has(key)) {
        lines.push(`      const ${o} = ${check}(v[${k}]);`, `      if (${o} === undefined) return undefined;`);
      } else if (property.default !== undefined) {
        // zod fills a new default in for an absent or undefined value (and does not check it).
        lines.push(
          `      let ${o} = v[${k}];`,
          `      ${o} = ${o} === undefined ? ${JSON.stringify(property.default)} : ${check}(${o});`,
          `      if (${o} === undefined) return undefined;`,
        );
      } else {
        // An optional key left out is left out; one present with undefined is zod's to answer.
        lines.push(
          `      let ${o} = v[${k}];`,
          `      if (${o} !== undefined) { ${o} = ${check}(${o}); if (${o} === undefined) return undefined; }`,
          `      else if (Object.hasOwn(v, ${k})) return undefined;`,
        );
        if (optional) lines.push(`      if (${o} !== undefined) out[${k}] = ${o};`);
        return;
      }
      if (optional) lines.push(`      out[${k}] = ${o};`);
      else literal.push(`${k}: ${o}`);
    });
    // zod's output has the shape's keys in the shape's order.
    lines.push(optional ? "      return out;" : `      return { ${literal.join(", ")} };`, "    }");
    return lines.filter(Boolean).join("\n");
  }

  /** z.record(z.string(), z.unknown()): a shallow copy, as zod makes. */
  private record(node: JsonNode): string {
    const names = node.propertyNames as JsonNode | undefined;
    const values = node.additionalProperties as JsonNode | undefined;
    const anyValue = values !== undefined && typeof values === "object" && Object.keys(values).length === 0;
    if (names?.type !== "string" || Object.keys(names).length !== 1 || !anyValue) {
      throw new Error("record checks: only objects with properties and records of unknown values are supported");
    }
    return [
      '    if (isPlain(v) && !Object.hasOwn(v, "__proto__") && Object.getOwnPropertySymbols(v).length === 0) {',
      "      return { ...v };",
      "    }",
    ].join("\n");
  }
}

function bounds(node: JsonNode): string {
  let out = "";
  if (typeof node.minimum === "number") out += ` && v >= ${node.minimum}`;
  if (typeof node.maximum === "number") out += ` && v <= ${node.maximum}`;
  return out;
}

/**
 * The module `npm run build` writes to generated/record-checks.js: the canonical record's check, and each record
 * format's (all its fields, and its product fields alone, as the translator checks records made from another
 * scheme's), for the catalog of `digest` (any other catalog's formats are checked by zod alone).
 */
export function generateRecordChecksModule(catalog: Catalog): string {
  const emitter = new Emitter();
  const canonical = emitter.check(annotatedJsonSchema(CanonicalRecord));
  const formats: string[] = [];
  for (const scheme of catalog.schemes) {
    const fields = scheme.recordFormat?.fields;
    if (!fields) continue;
    const all = emitter.check(annotatedJsonSchema(nativeRecordSchema(fields)));
    const product = emitter.check(annotatedJsonSchema(nativeRecordSchema(fields.filter((f) => f.setBy === "product"))));
    formats.push(`      ${JSON.stringify(scheme.id)}: { all: ${all}, product: ${product} },`);
  }
  return `// Generated by npm run build from the zod record schemas (scripts/codegen/record-checks.ts); do not edit.
// Accept-only: a check returns the data zod's parse would, or undefined (then zod parses and reports).
export const digest = ${JSON.stringify(catalog.digest)};

export function createRecordChecks(h) {
  const { ${helperNames.join(", ")} } = h;
  const isPlain = (v) => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
${emitter.lines.join("\n")}
  return {
    canonical: ${canonical},
    formats: {
${formats.join("\n")}
    },
  };
}
`;
}

/** The hand-typed declaration beside the module, so TypeScript never reads the generated code. */
export const recordChecksDeclaration = `import type { GeneratedRecordChecks, RecordCheckHelpers } from "../../src/src/record-formats/record-parse.ts";
export declare const digest: string;
export declare function createRecordChecks(helpers: RecordCheckHelpers): GeneratedRecordChecks;`;
