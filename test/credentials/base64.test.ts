import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  asciiBytes,
  base64,
  base64Table,
  base64url,
  base64urlOfText,
  hexToBase64,
} from "../../src/credentials/base64.ts";

describe("base64 for JWS and SRI", () => {
  it("the portable table encoder and the native path agree with Node's encoder for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const padded = Buffer.from(bytes).toString("base64");
        const url = Buffer.from(bytes).toString("base64url");
        expect(base64Table(bytes)).toBe(padded);
        expect(base64Table(bytes, true)).toBe(url);
        expect(base64(bytes)).toBe(padded);
        expect(base64url(bytes.subarray(1))).toBe(Buffer.from(bytes.subarray(1)).toString("base64url"));
      }),
    );
  });

  it("base64url of a text is that of its UTF-8 bytes, Japanese and lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (text) => {
        expect(base64urlOfText(text)).toBe(base64url(new TextEncoder().encode(text)));
      }),
    );
    for (const text of ["★1 適合", "\ud800", "a\udfff", "\ud83d\ude00"]) {
      expect(base64urlOfText(text)).toBe(base64url(new TextEncoder().encode(text)));
    }
  });

  it("an ASCII text's bytes are its UTF-8 bytes (a JWS signing input)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }), (text) => {
        expect([...asciiBytes(text)]).toEqual([...new TextEncoder().encode(text)]);
      }),
    );
  });

  it("hex to base64 reads each pair as a byte, a malformed pair as zero, as the hand-written decoder did", () => {
    const byPairs = (hex: string) => {
      const bytes = new Uint8Array(hex.length >> 1);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
      return base64Table(bytes);
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString("hex");
        expect(hexToBase64(upper ? hex.toUpperCase() : hex)).toBe(Buffer.from(bytes).toString("base64"));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (text) => {
        expect(hexToBase64(text)).toBe(byPairs(text));
      }),
    );
  });
});
