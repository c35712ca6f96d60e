/**
 * JSON answers whose bulk is the same text request after request (a translation's bilingual `unmapped` list is ~9 KB
 * of its ~13 KB), written from bytes encoded once. Serialising those texts and encoding them to UTF-8 again for every
 * answer cost more server time than the translation itself: they hold Japanese, so the whole answer became a two-byte
 * string that JSON.stringify and the UTF-8 encoder both walk slowly.
 *
 * An object handed to `shared` is frozen (it is handed to every answer that lists it) and its JSON text encoded once;
 * `encodeJson` writes one named array of such objects from those bytes and everything else with JSON.stringify, so the
 * result is byte for byte what `JSON.stringify(value)` would give, encoded. Plain WeakMap and TextEncoder: the same
 * code runs on Workers.
 */

const encoder = new TextEncoder();
const encoded = new WeakMap<object, Uint8Array>();

/** `value`, frozen all the way down, with its JSON text encoded once for every answer that lists it. */
export function shared<T extends object>(value: T): T {
  deepFreeze(value);
  encoded.set(value, encoder.encode(JSON.stringify(value)));
  return value;
}

/**
 * A placeholder no answer can hold elsewhere: it contains NUL, which no request body may (the JSON scan refuses it,
 * 422) and no catalog text does, so its JSON form `"\u0000…"` marks the one place the array goes.
 */
const MARK = "\u0000encoded-json\u0000";
const MARK_JSON = JSON.stringify(MARK);
const COMMA = encoder.encode(",");
const OPEN = encoder.encode("[");
const CLOSE = encoder.encode("]");

/**
 * `JSON.stringify(value)` as UTF-8, with the array at `value[key]` written from its items' encoded text where they
 * are `shared` (any other item is stringified as usual). Only `value`'s own `key` is replaced; key order is kept.
 */
export function encodeJson(value: Record<string, unknown>, key: string): Uint8Array<ArrayBuffer> {
  const items = value[key];
  if (!Array.isArray(items)) return encoder.encode(JSON.stringify(value));
  const text = JSON.stringify({ ...value, [key]: MARK });
  const at = text.indexOf(`${JSON.stringify(key)}:${MARK_JSON}`);
  if (at < 0) return encoder.encode(JSON.stringify(value));
  const start = at + JSON.stringify(key).length + 1;
  const parts: Uint8Array[] = [encoder.encode(text.slice(0, start)), OPEN];
  items.forEach((item, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(
      (item !== null && typeof item === "object" && encoded.get(item)) ||
        encoder.encode(JSON.stringify(item) ?? "null"),
    );
  });
  parts.push(CLOSE, encoder.encode(text.slice(start + MARK_JSON.length)));
  return concat(parts);
}

/** Byte arrays end to end, in one allocation. */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function deepFreeze(value: object): void {
  Object.freeze(value);
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === "object" && !Object.isFrozen(child)) deepFreeze(child);
  }
}
