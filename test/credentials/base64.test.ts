import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64, base64Table, base64url } from "../../src/credentials/base64.ts";

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
});
