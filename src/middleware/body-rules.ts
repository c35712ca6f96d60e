import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { arrivedBody } from "../lib/arrived-body.ts";
import { scanJson } from "../lib/json-scan.ts";
import { problemResponse } from "../lib/problem.ts";
import type { AppEnv } from "../lib/types.ts";

/**
 * For routes with a body, the one place it is read: its media type must be one the route reads, its
 * charset (if stated) UTF-8 and its Content-Encoding (if stated) identity (415 otherwise); its size within the route's
 * limit (413: a declared Content-Length is checked before reading and a chunked body is counted on the stream, so an
 * oversized body is never read whole, and the bytes read are checked again whatever the header said); its bytes valid
 * UTF-8 (400, never decoded into U+FFFD); and a JSON body is scanned for excessive nesting, duplicate member names,
 * lone surrogate escapes and NUL characters (400/422) before any parser or validator — or anything recursive — sees
 * it. Everything downstream reads the checked text.
 */
export function bodyRules(mediaTypes: string | readonly string[], maxBytes: number): MiddlewareHandler<AppEnv>[] {
  const accepted = typeof mediaTypes === "string" ? [mediaTypes] : mediaTypes;
  const tooLarge = (c: Context<AppEnv>) =>
    problemResponse(c, 413, `the body is larger than ${Math.round(maxBytes / 1024)} KiB`);
  const streamLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return [
    async (c, next) => {
      const header = c.req.header("content-type");
      const type = mediaTypeOf(c);
      if (type === undefined || !accepted.includes(type)) {
        return problemResponse(
          c,
          415,
          `the body must be ${accepted.join(" or ")} (Content-Type was "${type ?? "absent"}")`,
        );
      }
      // Compressed request bodies are not decoded (a small gzip body can inflate past every limit): RFC 9110
      // §15.5.16's answer, a 415 naming the one coding accepted.
      const coding = c.req.header("content-encoding")?.trim().toLowerCase();
      if (coding && coding !== "identity") {
        return problemResponse(
          c,
          415,
          `request bodies are read uncompressed: send it without Content-Encoding (it was "${coding.slice(0, 40)}")`,
          undefined,
          { "Accept-Encoding": "identity" },
        );
      }
      const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(header ?? "")?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        return problemResponse(c, 415, `the body must be UTF-8 (Content-Type says charset=${charset.slice(0, 40)})`);
      }
      return next();
    },
    async (c, next) => {
      // A declared length is checked without touching the body: reading `raw.body` would make Node's adapter build a
      // web stream for it, which costs more than the whole translation. Chunked bodies are counted on the stream.
      const length = c.req.header("content-length");
      const declared = length !== undefined && /^\d+$/.test(length);
      if (!declared || c.req.header("transfer-encoding") !== undefined) return streamLimit(c, next);
      return Number(length) > maxBytes ? tooLarge(c) : next();
    },
    async (c, next) => {
      const text = await readText(c);
      if (typeof text !== "string") return text;
      // A route may read JSON and another type (the verify route: JSON or a bare vc+jwt); only JSON is scanned.
      if (mediaTypeOf(c) === "application/json") {
        const problem = scanJson(text);
        if (problem) return problemResponse(c, problem.status, problem.detail, [problem.error]);
      }
      // The validator and handlers read the body through Hono's documented, cached readers (c.req.json(), c.req.text()).
      await next();
    },
  ];

  /** The body as text once its size and UTF-8 are checked, or the problem answering it. */
  async function readText(c: Context<AppEnv>): Promise<string | Response> {
    const arrived = arrivedBody(c.env);
    if (arrived) {
      // The bytes are at hand (Node, a body that arrived with its head: src/node-arrived-body.ts), so Hono's cached
      // text can be the one decode: the validator's c.req.json() then parses that text. The decoder turns invalid
      // bytes into U+FFFD, so only a text that holds U+FFFD — a bad body, or one that really holds that character —
      // has its bytes checked.
      if (arrived.byteLength > maxBytes) return tooLarge(c);
      const text = await c.req.text();
      return text.includes("\uFFFD") && !isUtf8(arrived) ? notUtf8(c) : text;
    }
    // c.req.arrayBuffer() keeps the bytes on the request (Hono's body cache), so later readers do not read it again;
    // they decode the checked bytes a second time (c.req.json() on Hono's cached bytes: ~25–40 µs a request).
    const bytes = await c.req.arrayBuffer();
    // The runtimes' HTTP parsers hold a body to its Content-Length; this holds the limit where one would not.
    if (bytes.byteLength > maxBytes) return tooLarge(c);
    try {
      return utf8.decode(bytes);
    } catch {
      return notUtf8(c);
    }
  }
}

const notUtf8 = (c: Context<AppEnv>) =>
  problemResponse(c, 400, "the body is not valid UTF-8", [{ pointer: "/body", detail: "invalid UTF-8 byte sequence" }]);

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const mediaTypeOf = (c: Context<AppEnv>) => c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
