import type { JsonBytes } from "./json-text.ts";

/**
 * JSON answers whose bulk is the same text request after request (a translation's bilingual `unmapped` list is ~9 KB
 * of its ~13 KB), written from bytes encoded once. Serialising those texts and encoding them to UTF-8 again for every
 * answer cost more server time than the translation itself: they hold Japanese, so the whole answer became a two-byte
 * string that JSON.stringify and the UTF-8 encoder both walk slowly.
 *
 * An object handed to `shared` is frozen (it is handed to every answer that lists it) and its JSON text encoded once;
 * `encodeJson` writes such objects from those bytes and everything else with JSON.stringify, so the result is byte
 * for byte what `JSON.stringify(value)` would give, encoded. Plain WeakMap and TextEncoder: the same code runs on
 * Workers.
 */

const encoder = new TextEncoder();
const encoded = new WeakMap<object, Uint8Array>();
const COMMA = encoder.encode(",");

/** `value`, frozen all the way down, with its JSON text encoded once for every answer that lists it. */
export function shared<T extends object>(value: T): T {
  deepFreeze(value);
  encoded.set(value, encoder.encode(JSON.stringify(value)));
  return value;
}

/**
 * `JSON.stringify(value)` as UTF-8, with every `shared` object among `value`'s members — a member itself, or an item
 * of a member that is an array — written from its bytes encoded once. Everything else is stringified as usual, in
 * runs encoded together; key order and JSON.stringify's rules for undefined members are kept.
 */
export function encodeJson<T extends Record<string, unknown>>(value: T): JsonBytes<T> {
  const parts: Uint8Array[] = [];
  let text = "{";
  const put = (bytes: Uint8Array) => {
    // Between two shared items the text is a lone comma: its bytes are kept, not encoded again each time.
    if (text === ",") parts.push(COMMA);
    else if (text !== "") parts.push(encoder.encode(text));
    parts.push(bytes);
    text = "";
  };
  let first = true;
  for (const key of Object.keys(value)) {
    const member = value[key];
    // Left out, as JSON.stringify leaves them out (a toJSON that answers undefined is not expected here).
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    text += `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    const bytes = sharedBytes(member);
    if (bytes) put(bytes);
    else if (Array.isArray(member) && member.some(sharedBytes)) {
      text += "[";
      member.forEach((item, index) => {
        if (index > 0) text += ",";
        const itemBytes = sharedBytes(item);
        if (itemBytes) put(itemBytes);
        else text += JSON.stringify(item) ?? "null";
      });
      text += "]";
    } else text += JSON.stringify(member);
  }
  parts.push(encoder.encode(`${text}}`));
  // Byte for byte JSON.stringify(value): the JSON of a T.
  return concat(parts) as JsonBytes<T>;
}

function sharedBytes(value: unknown): Uint8Array | undefined {
  return value !== null && typeof value === "object" ? encoded.get(value) : undefined;
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
