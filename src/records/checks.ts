/**
 * Plain validation checks with the semantics of the zod schemas they stand in for (zod 4: which checks run after which
 * failure, trimming, code-point lengths, issue codes, paths, order and English messages), for the translator's hot
 * path, where zod's generic machinery costs several times the check itself. zod stays the reference and the documented
 * contract: `test/domain/record-checks.test.ts` holds each check equal to its schema on samples, generated and mutated
 * records. No `eval` or `new Function`, so Workers run the same code.
 */

/** One problem, as the translator reads a zod issue: the same code, path and message. */
export type CheckIssue =
  | { code: "unrecognized_keys"; keys: string[]; path: PropertyKey[]; message: string }
  | {
      code:
        | "invalid_type"
        | "invalid_value"
        | "invalid_format"
        | "invalid_union"
        | "invalid_key"
        | "too_small"
        | "too_big"
        | "custom";
      path: PropertyKey[];
      message: string;
    };

export type CheckResult<T> = { success: true; data: T } | { success: false; issues: CheckIssue[] };

/**
 * zod's `continue` flag, kept beside each issue rather than on it: `next` lets the schema's later checks run,
 * `stop` skips those without a `when` (zod's implicit abort), `halt` skips them all (an explicit `abort`).
 */
const next = 0;
const stop = 1;
const halt = 2;
type Flow = typeof next | typeof stop | typeof halt;

/**
 * Issues so far, with their flow flags. An issue's path is relative to the value that raised it and is prefixed on
 * the way out, as zod does (`within`): a valid value pays nothing for paths.
 */
export class CheckContext {
  readonly issues: CheckIssue[] = [];
  readonly flows: Flow[] = [];

  push(code: Exclude<CheckIssue["code"], "unrecognized_keys">, message: string, flow: Flow): void {
    this.issues.push({ code, path: [], message });
    this.flows.push(flow);
  }

  unrecognized(keys: string[]): void {
    this.issues.push({ code: "unrecognized_keys", keys, path: [], message: unrecognizedMessage(keys) });
    this.flows.push(next);
  }

  /** Puts `key` in front of the paths of the issues raised since `start`, by the value under that key. */
  within(key: PropertyKey, start: number): void {
    for (let i = start; i < this.issues.length; i++) (this.issues[i] as CheckIssue).path.unshift(key);
  }

  /** zod's `aborted`: an issue since `start` that does not let later checks run. */
  aborted(start: number): boolean {
    for (let i = start; i < this.flows.length; i++) if (this.flows[i] !== next) return true;
    return false;
  }

  /** zod's `explicitlyAborted`: an issue since `start` raised with `abort`. */
  halted(start: number): boolean {
    for (let i = start; i < this.flows.length; i++) if (this.flows[i] === halt) return true;
    return false;
  }
}

/** Checks a value (issues go to the context, their paths relative to the value) and returns the parsed value. */
export type Check = (value: unknown, ctx: CheckContext) => unknown;

/** A compiled check run on a whole value: zod's `safeParse` result shape, without zod. */
export function runCheck<T>(check: Check, value: unknown): CheckResult<T> {
  const ctx = new CheckContext();
  const data = check(value, ctx);
  return ctx.issues.length === 0 ? { success: true, data: data as T } : { success: false, issues: ctx.issues };
}

// ---- messages: zod 4's English locale, for the cases these checks raise ----

/** zod's `util.parsedType` with the locale's display names. */
function received(input: unknown): string {
  switch (typeof input) {
    case "number":
      return Number.isNaN(input) ? "NaN" : Number.isFinite(input) ? "number" : String(input);
    case "object": {
      if (input === null) return "null";
      if (Array.isArray(input)) return "array";
      const proto = Object.getPrototypeOf(input);
      const ctor = (input as { constructor?: { name?: string } }).constructor;
      if (proto !== Object.prototype && "constructor" in input && ctor) return String(ctor.name);
      return "object";
    }
    default:
      return typeof input;
  }
}

function invalidType(expected: string, input: unknown): string {
  return `Invalid input: expected ${expected}, received ${received(input)}`;
}

const quoted = (values: readonly unknown[], separator: string) =>
  values.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join(separator);

function unrecognizedMessage(keys: string[]): string {
  return `Unrecognized key${keys.length > 1 ? "s" : ""}: ${quoted(keys, ", ")}`;
}

function invalidOption(values: readonly string[]): string {
  return values.length === 1
    ? `Invalid input: expected ${quoted(values, "|")}`
    : `Invalid option: expected one of ${quoted(values, "|")}`;
}

const units: Record<string, string> = { string: "characters", array: "items" };

function sizeMessage(kind: "small" | "big", origin: string, bound: number): string {
  const unit = units[origin];
  const [head, sign] = kind === "small" ? ["Too small", ">="] : ["Too big", "<="];
  return unit
    ? `${head}: expected ${origin} to have ${sign}${bound} ${unit}`
    : `${head}: expected ${origin} to be ${sign}${bound}`;
}

// ---- lengths: zod counts a string's code points, not its UTF-16 units ----

const highSurrogate = /[\uD800-\uDBFF]/;

function codePointLength(str: string): number {
  const length = str.length;
  if (!highSurrogate.test(str)) return length;
  let count = length;
  for (let i = 0; i < length - 1; i++) {
    if ((str.charCodeAt(i) & 0xfc00) === 0xd800 && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

const origin = (input: unknown) => (Array.isArray(input) ? "array" : typeof input === "string" ? "string" : "unknown");

/** zod's length checks run on anything with a length (their `when`), even after a type error: an empty list given
 * for a string is also "too small". */
function hasLength(value: unknown): value is { length: number } {
  return value !== null && value !== undefined && (value as { length?: unknown }).length !== undefined;
}

function checkMin(value: { length: number }, min: number, message: string | undefined, ctx: CheckContext): void {
  const count = value.length;
  const length = typeof value === "string" && count >= min && count < min * 2 ? codePointLength(value) : count;
  if (length >= min) return;
  ctx.push("too_small", message ?? sizeMessage("small", origin(value), min), next);
}

function checkMax(value: { length: number }, max: number, message: string | undefined, ctx: CheckContext): void {
  const count = value.length;
  const length = typeof value === "string" && count > max ? codePointLength(value) : count;
  if (length <= max) return;
  ctx.push("too_big", message ?? sizeMessage("big", origin(value), max), next);
}

// ---- strings ----

/** The steps of a zod string schema, in the order they were chained. */
export type StringStep =
  | { kind: "trim" }
  | { kind: "min" | "max"; bound: number; message?: string }
  | { kind: "regex"; pattern: RegExp; message: string; abort?: boolean }
  | { kind: "refine"; test: (value: string) => boolean; message: string }
  | { kind: "url"; http: boolean };

/** Step kinds as small integers: a switch over them is a jump, over strings a series of comparisons. */
const kinds = { trim: 0, min: 1, max: 2, regex: 3, refine: 4, url: 5 } as const;
const TRIM = 0;
const MIN = 1;
const MAX = 2;
const REGEX = 3;
const REFINE = 4;
const URL_ = 5;

/** A step in one shape for every kind, so the loops over them stay monomorphic (this is the hot path). */
interface Step {
  kind: (typeof kinds)[StringStep["kind"]];
  bound: number;
  message: string | undefined;
  pattern: RegExp | undefined;
  abort: boolean;
  test: ((value: string) => boolean) | undefined;
  http: boolean;
}

function normalise(step: StringStep): Step {
  return {
    kind: kinds[step.kind],
    bound: "bound" in step ? step.bound : 0,
    message: "message" in step ? step.message : undefined,
    pattern: "pattern" in step ? step.pattern : undefined,
    abort: "abort" in step ? step.abort === true : false,
    test: "test" in step ? step.test : undefined,
    http: "http" in step ? step.http : false,
  };
}

/**
 * `z.string()` with its chained steps (or `z.url(…)`, whose own check comes first). A string every step accepts
 * takes a short way (no issue bookkeeping, the URL parser spared for plain http(s) URLs); anything else runs the
 * steps as zod does, reporting each failure.
 */
export function string(declared: readonly StringStep[]): Check {
  const steps = declared.map(normalise);
  return (input, ctx) => {
    if (typeof input === "string") {
      const accepted = acceptedString(steps, input);
      if (accepted !== undefined) return accepted;
    }
    return checkString(steps, input, ctx);
  };
}

/** The parsed value when every step accepts `input`, else undefined (nothing is reported: the full run does that). */
function acceptedString(steps: readonly Step[], input: string): string | undefined {
  let value = input;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    switch (step.kind) {
      case TRIM:
        value = value.trim();
        break;
      case MIN:
        if (value.length < step.bound || (value.length < step.bound * 2 && codePointLength(value) < step.bound)) {
          return undefined;
        }
        break;
      case MAX:
        if (value.length > step.bound && codePointLength(value) > step.bound) return undefined;
        break;
      case REGEX:
        (step.pattern as RegExp).lastIndex = 0;
        if (!(step.pattern as RegExp).test(value)) return undefined;
        break;
      case REFINE:
        if (!(step.test as (value: string) => boolean)(value)) return undefined;
        break;
      case URL_: {
        const trimmed = value.trim();
        if (!plainHttpUrl(trimmed)) return undefined;
        value = trimmed;
        break;
      }
    }
  }
  return value;
}

/** zod's run of a string schema: the type, then each step unless an earlier failure stops it (see Flow). */
function checkString(steps: readonly Step[], input: unknown, ctx: CheckContext): unknown {
  const start = ctx.issues.length;
  let value: unknown = input;
  if (typeof value !== "string") ctx.push("invalid_type", invalidType("string", value), stop);
  let aborted = start !== ctx.issues.length;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (step.kind === MIN || step.kind === MAX) {
      if (ctx.halted(start) || !hasLength(value)) continue;
      if (step.kind === MIN) checkMin(value, step.bound, step.message, ctx);
      else checkMax(value, step.bound, step.message, ctx);
    } else {
      if (aborted) continue;
      // Past the type check, so the value is a string (steps without a `when` never see anything else).
      const text = value as string;
      switch (step.kind) {
        case TRIM:
          value = text.trim();
          break;
        case REGEX:
          (step.pattern as RegExp).lastIndex = 0;
          if (!(step.pattern as RegExp).test(text)) {
            ctx.push("invalid_format", step.message ?? "", step.abort ? halt : next);
          }
          break;
        case REFINE:
          if (!(step.test as (value: string) => boolean)(text)) ctx.push("custom", step.message ?? "", next);
          break;
        case URL_:
          value = checkUrl(text, step.http, ctx);
          break;
      }
    }
    if (!aborted) aborted = ctx.aborted(start);
  }
  return value;
}

const httpPrefix = /^https?:\/\//i;
const httpProtocol = /^https?$/;
const tabOrNewline = /[\t\n\r]/g;

/**
 * zod's url check: the trimmed value must parse as a URL (with `protocol: /^https?$/`, it must also start with
 * http:// or https:// and have that protocol); the output is the trimmed value without tabs and newlines, which the
 * URL parser ignores.
 */
function checkUrl(value: string, http: boolean, ctx: CheckContext): string {
  const trimmed = value.trim();
  if (http) {
    const url = httpPrefix.test(trimmed) ? parseUrl(trimmed) : undefined;
    if (!url) {
      ctx.push("invalid_format", "Invalid URL", next);
      return value;
    }
    const protocol = url.protocol.endsWith(":") ? url.protocol.slice(0, -1) : url.protocol;
    if (!httpProtocol.test(protocol)) ctx.push("invalid_format", "Invalid URL", next);
  } else if (!canParseUrl(trimmed)) {
    ctx.push("invalid_format", "Invalid URL", next);
    return value;
  }
  return trimmed.replace(tabOrNewline, "");
}

const isAlphanumeric = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** `c` is the ASCII letter whose lower case is `lower`. */
const isCaseless = (c: number, lower: number) => (c | 32) === lower && isLetter(c);

/**
 * Whether the WHATWG URL parser certainly accepts `url` as an http(s) URL, read without it (it costs ~1 µs a call):
 * `http://` or `https://`, a host of dot-separated labels of ASCII letters, digits and inner hyphens (no IDNA `xn--`
 * label, which the parser decodes and may refuse; the last label starting with a letter, so it is not read as an IPv4
 * address), an optional port of at most 4 digits, then `/`, `?` or `#` and printable ASCII only (path, query and
 * fragment never fail to parse, and no tab or newline is there to strip). Any other URL goes to the parser.
 */
export function plainHttpUrl(url: string): boolean {
  const n = url.length;
  let i = 4;
  if (!(isCaseless(url.charCodeAt(0), 104) && isCaseless(url.charCodeAt(1), 116))) return false;
  if (!(isCaseless(url.charCodeAt(2), 116) && isCaseless(url.charCodeAt(3), 112))) return false;
  if (isCaseless(url.charCodeAt(i), 115)) i++;
  if (url.charCodeAt(i) !== 58 || url.charCodeAt(i + 1) !== 47 || url.charCodeAt(i + 2) !== 47) return false;
  i += 3;
  let labelStart = i;
  for (; i < n; i++) {
    const c = url.charCodeAt(i);
    if (i === labelStart) {
      if (!isAlphanumeric(c)) break;
      const punycode = isCaseless(c, 120) && isCaseless(url.charCodeAt(i + 1), 110);
      if (punycode && url.charCodeAt(i + 2) === 45 && url.charCodeAt(i + 3) === 45) return false;
    } else if (c === 46 && url.charCodeAt(i - 1) !== 45) {
      labelStart = i + 1;
    } else if (!isAlphanumeric(c) && c !== 45) {
      break;
    }
  }
  if (i === labelStart || url.charCodeAt(i - 1) === 45 || !isLetter(url.charCodeAt(labelStart))) return false;
  if (url.charCodeAt(i) === 58) {
    const portStart = ++i;
    while (i < n && i - portStart < 5 && url.charCodeAt(i) >= 48 && url.charCodeAt(i) <= 57) i++;
    if (i === portStart || i - portStart > 4) return false;
  }
  if (i === n) return true;
  const c = url.charCodeAt(i);
  if (c !== 47 && c !== 63 && c !== 35) return false;
  printableTail.lastIndex = i;
  return printableTail.test(url);
}

/** Printable ASCII from `lastIndex` to the end (a sticky regex scans it faster than a loop over character codes). */
const printableTail = /[\x21-\x7e]*$/y;

/**
 * `isRealDate` (src/schemas/common.ts) read from character codes: a YYYY-MM-DD that names a day of the Gregorian
 * calendar. The same answer for every string (a test holds them equal), in a fraction of the time.
 */
export function isRealDay(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

function canParseUrl(value: string): boolean {
  try {
    if (typeof URL.canParse === "function") return URL.canParse(value);
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function parseUrl(value: string): URL | undefined {
  try {
    if (typeof URL.parse === "function") return URL.parse(value) ?? undefined;
    return new URL(value);
  } catch {
    return undefined;
  }
}

// ---- other scalars ----

/** `z.number().int()`: finite numbers, then whole ones within the safe range. */
export const integer: Check = (value, ctx) => {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    ctx.push("invalid_type", invalidType("number", value), stop);
  } else if (!Number.isInteger(value)) {
    ctx.push("invalid_type", invalidType("int", value), halt);
  } else if (!Number.isSafeInteger(value)) {
    ctx.push(
      value > 0 ? "too_big" : "too_small",
      value > 0
        ? `Too big: expected int to be <=${Number.MAX_SAFE_INTEGER}`
        : `Too small: expected int to be >=${Number.MIN_SAFE_INTEGER}`,
      next,
    );
  }
  return value;
};

export const boolean: Check = (value, ctx) => {
  if (typeof value !== "boolean") ctx.push("invalid_type", invalidType("boolean", value), stop);
  return value;
};

/** `z.enum(values)`. */
export function oneOf(values: readonly string[]): Check {
  const allowed = new Set<unknown>(values);
  const message = invalidOption(values);
  return (value, ctx) => {
    if (!allowed.has(value)) ctx.push("invalid_value", message, stop);
    return value;
  };
}

/** `z.union([z.enum(values), z.null()])`: both options abort on failure, so zod reports one bare invalid_union. */
export function oneOfOrNull(values: readonly string[]): Check {
  const allowed = new Set<unknown>([...values, null]);
  return (value, ctx) => {
    if (!allowed.has(value)) ctx.push("invalid_union", "Invalid input", stop);
    return value;
  };
}

/** `.nullable()` */
export function nullable(inner: Check): Check {
  return (value, ctx) => (value === null ? null : inner(value, ctx));
}

/** `z.record(z.string(), z.unknown())`: a shallow copy of a plain object's own enumerable keys, `__proto__` left out. */
export const anyRecord: Check = (value, ctx) => {
  if (!isPlainObject(value)) {
    ctx.push("invalid_type", invalidType("record", value), stop);
    return value;
  }
  // A spread copies the same keys in the same order, at a fraction of the cost, when there is no key to leave out or
  // refuse (a symbol key is an issue; an own `__proto__` is dropped).
  if (!Object.hasOwn(value, "__proto__") && Object.getOwnPropertySymbols(value).length === 0) return { ...value };
  const out: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (key === "__proto__" || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
    if (typeof key === "symbol") {
      ctx.push("invalid_key", "Invalid key in record", stop);
      ctx.within(key, ctx.issues.length - 1);
      continue;
    }
    out[key] = (value as Record<string, unknown>)[key];
  }
  return out;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** zod's `isPlainObject`. */
function isPlainObject(value: unknown): value is object {
  if (!isObject(value)) return false;
  const ctor = value.constructor;
  if (ctor === undefined || typeof ctor !== "function") return true;
  const proto: unknown = ctor.prototype;
  return isObject(proto) && Object.hasOwn(proto, "isPrototypeOf");
}

// ---- lists ----

/** `z.array(element).min(min).max(max)`: over `max` items, the length alone is reported and no item is checked. */
export function array(element: Check, bounds: { min?: number; max?: number } = {}): Check {
  const { min, max } = bounds;
  return (input, ctx) => {
    const start = ctx.issues.length;
    let value: unknown = input;
    if (!Array.isArray(input)) {
      ctx.push("invalid_type", invalidType("array", input), stop);
    } else if (max !== undefined && input.length > max) {
      ctx.push("too_big", sizeMessage("big", "array", max), halt);
      return input;
    } else {
      const out: unknown[] = new Array(input.length);
      for (let i = 0; i < input.length; i++) {
        const before = ctx.issues.length;
        out[i] = element(input[i], ctx);
        if (ctx.issues.length !== before) ctx.within(i, before);
      }
      value = out;
    }
    if ((min !== undefined || max !== undefined) && !ctx.halted(start) && hasLength(input)) {
      // zod measures the input when it is not a list (its `when`), the parsed list otherwise: the same length.
      if (min !== undefined) checkMin(input, min, undefined, ctx);
      if (max !== undefined && !ctx.halted(start)) checkMax(input, max, undefined, ctx);
    }
    return value;
  };
}

// ---- objects ----

/** How an object key may be absent: `required`, `.optional()` (left out), or `.default(…)` (filled in). */
export type Field =
  | { key: string; check: Check; presence: "required" | "optional"; fill?: undefined }
  | { key: string; check: Check; presence: "default"; fill: () => unknown };

/**
 * `z.object(shape)` (unknown keys stripped) or `z.strictObject(shape)` (unknown keys reported in one
 * unrecognized_keys issue after the fields' own, as zod does). The output has the shape's keys, in its order.
 */
export function object(fields: readonly Field[], mode: "strip" | "strict"): Check {
  const known = new Set(fields.map((f) => f.key));
  const indexOf = new Map(fields.map((f, i) => [f.key, i]));
  return (input, ctx) => {
    if (!isObject(input)) {
      ctx.push("invalid_type", invalidType("object", input), stop);
      return input;
    }
    if (Object.getPrototypeOf(input) === Object.prototype) return checkPlain(fields, indexOf, mode, input, ctx);
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const key = field.key;
      const present = key in input;
      const value = input[key];
      if (value === undefined && field.presence !== "required") {
        if (field.presence === "default") out[key] = field.fill();
        else if (present) out[key] = undefined;
        continue;
      }
      const before = ctx.issues.length;
      const parsed = field.check(value, ctx);
      // No schema here accepts undefined, so zod's "nonoptional" issue is never reached; kept for faithfulness.
      if (!present && ctx.issues.length === before)
        ctx.push("invalid_type", invalidType("nonoptional", undefined), stop);
      if (ctx.issues.length !== before) ctx.within(key, before);
      if (present) out[key] = parsed === undefined && field.presence === "default" ? field.fill() : parsed;
    }
    if (mode === "strict") {
      const unknown: string[] = [];
      for (const key in input) {
        if (!known.has(key)) unknown.push(key);
      }
      if (unknown.length > 0) ctx.unrecognized(unknown);
    }
    return out;
  };
}

/** Marks a declared key the input does not have. */
const absent: unique symbol = Symbol("absent");

/**
 * `object` on a plain object (the translator's records, from JSON), in two passes with no property lookup by a key
 * that varies: V8 cannot specialise those the way zod's generated code is (a lookup or store costs tens of ns, a
 * spread site shared by many shapes ~0.5 µs). One `for…in` reads the input's values by field; the fields are then
 * checked in their order, as zod does. A valid object's output is a new object, as zod's is: a spread of the input
 * with the values the checks changed put back when the input has only the shape's keys in its order, else key by key. (Own properties JSON cannot express are not looked for: a
 * non-enumerable field reads as absent, a symbol key may be copied by the spread.)
 */
function checkPlain(
  fields: readonly Field[],
  indexOf: ReadonlyMap<string, number>,
  mode: "strip" | "strict",
  input: Record<string, unknown>,
  ctx: CheckContext,
): Record<string, unknown> {
  const values: unknown[] = [];
  for (let i = 0; i < fields.length; i++) values.push(absent);
  let unknown: string[] | undefined;
  let inOrder = true;
  let cursor = 0;
  for (const key in input) {
    let index = -1;
    // Keys usually come in the shape's order: follow it, and look a key up only when they do not.
    while (cursor < fields.length) {
      if ((fields[cursor++] as Field).key === key) {
        index = cursor - 1;
        break;
      }
    }
    if (index < 0) {
      inOrder = false;
      index = indexOf.get(key) ?? -1;
      if (index < 0) {
        unknown ??= [];
        unknown.push(key);
        continue;
      }
    }
    values[index] = input[key];
  }
  const start = ctx.issues.length;
  let changed: number[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as Field;
    const value = values[i];
    const present = value !== absent;
    if ((value === undefined || !present) && field.presence !== "required") {
      if (field.presence === "default") {
        values[i] = field.fill();
        if (!present) inOrder = false; // a filled-in key the input lacks: the spread cannot place it
      }
      continue;
    }
    const before = ctx.issues.length;
    const parsed = field.check(present ? value : undefined, ctx);
    if (!present && ctx.issues.length === before) ctx.push("invalid_type", invalidType("nonoptional", undefined), stop);
    if (ctx.issues.length !== before) ctx.within(field.key, before);
    if (!present) continue;
    values[i] = parsed === undefined && field.presence === "default" ? field.fill() : parsed;
    if (values[i] !== value) {
      changed ??= [];
      changed.push(i);
    }
  }
  if (unknown && mode === "strict") ctx.unrecognized(unknown);
  // A failed check's value is never read (zod's safeParse returns the issues alone): no output to make.
  if (ctx.issues.length !== start) return input;
  if (inOrder && !unknown) {
    const out = { ...input };
    if (changed) for (const index of changed) out[(fields[index] as Field).key] = values[index];
    return out;
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const value = values[i];
    if (value !== absent) out[(fields[i] as Field).key] = value;
  }
  return out;
}
