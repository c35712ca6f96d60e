const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const codes = (alphabet: string) => Uint8Array.from(alphabet, (ch) => ch.charCodeAt(0));
const STANDARD_CODES = codes(STANDARD);
const URL_SAFE_CODES = codes(URL_SAFE);
const ascii = new TextDecoder();

/** Node's Buffer where the runtime has one (Node; workerd with nodejs_compat): its native encoder is the fastest. */
const NativeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/**
 * Base64 of bytes: `url` gives RFC 4648 base64url without padding (JWS), otherwise padded base64 (SRI). Not btoa: on
 * Node it is a slow legacy path (≈ 40× the native encoder for a 4 KB credential) and needs a binary string first.
 */
export function base64(bytes: Uint8Array, url = false): string {
  if (NativeBuffer) {
    return NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(url ? "base64url" : "base64");
  }
  return base64Table(bytes, url);
}

export function base64url(bytes: Uint8Array): string {
  return base64(bytes, true);
}

const utf8 = new TextEncoder();

/** base64url of a text's UTF-8 bytes (a JWS header or payload): on Node one native call, no Uint8Array in between. */
export function base64urlOfText(text: string): string {
  if (NativeBuffer) return NativeBuffer.from(text, "utf8").toString("base64url");
  return base64Table(utf8.encode(text), true);
}

/**
 * The bytes of a text that is ASCII (a JWS signing input: base64url parts and dots). Latin-1 is the same bytes for
 * ASCII, and Node copies it without a UTF-8 pass.
 */
export function asciiBytes(text: string): Uint8Array {
  return NativeBuffer ? NativeBuffer.from(text, "latin1") : utf8.encode(text);
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Padded base64 of the bytes a hex string spells (a SHA-256 digest as SRI's `sha256-…` wants it). Node's hex decoder
 * only for well-formed hex: it stops at the first bad pair, where the portable path reads that pair as a zero byte.
 */
export function hexToBase64(hex: string): string {
  if (NativeBuffer && HEX.test(hex)) return NativeBuffer.from(hex, "hex").toString("base64");
  const bytes = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return base64Table(bytes);
}

/** The portable encoder: characters written as bytes into one buffer, decoded once (no string concatenation). */
export function base64Table(bytes: Uint8Array, url = false): string {
  const table = url ? URL_SAFE_CODES : STANDARD_CODES;
  const full = Math.floor(bytes.length / 3) * 3;
  const rest = bytes.length - full;
  const out = new Uint8Array((full / 3) * 4 + (rest === 0 ? 0 : url ? rest + 1 : 4));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = table[(n >> 18) & 63] as number;
    out[o++] = table[(n >> 12) & 63] as number;
    out[o++] = table[(n >> 6) & 63] as number;
    out[o++] = table[n & 63] as number;
  }
  if (rest > 0) {
    const n = ((bytes[full] as number) << 16) | (rest === 2 ? (bytes[full + 1] as number) << 8 : 0);
    out[o++] = table[(n >> 18) & 63] as number;
    out[o++] = table[(n >> 12) & 63] as number;
    if (rest === 2) out[o++] = table[(n >> 6) & 63] as number;
    if (!url) {
      if (rest === 1) out[o++] = 61; // "="
      out[o++] = 61;
    }
  }
  return ascii.decode(out);
}
