import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { MemoryLru } from "./cache/memory-lru.ts";

/**
 * Compression of text answers on the Node origin (Workers compress at Cloudflare's edge, so the Worker never runs
 * this). It wraps the app's `fetch` from outside: the app, its response memo and its ETags stay what they are, and
 * this only re-encodes finished answers.
 *
 * - br or gzip, by the client's `Accept-Encoding` (q-values honoured, br preferred on a tie); identity otherwise.
 * - Text types only, 1 KiB and more; never NDJSON (batch answers stream line by line), a HEAD, a 206/204/304 body,
 *   an answer already encoded or one that says `Cache-Control: no-transform`.
 * - A compressed answer's strong ETag becomes weak (`W/`): the bytes differ from the identity answer's. The app
 *   compares If-None-Match weakly, so the weak tag a client sends back still gets its 304. `Vary: Accept-Encoding`.
 * - Compressed bytes are kept by the hash of what they encode, so the memo's repeats (and the bundled Swagger UI)
 *   are compressed once, not on every request.
 */

const COMPRESSIBLE =
  /^\s*(?:text\/(?:html|css|csv|plain|javascript)|application\/(?:json|problem\+json|javascript|did\+json|did\+ld\+json|jwk-set\+json)|image\/svg\+xml)\s*(?:;|$)/i;
const MIN_BYTES = 1024;
type Encoding = "br" | "gzip";

const encoders: Record<Encoding, (input: Uint8Array) => Promise<Buffer>> = {
  // Quality 5: most of brotli's gain over gzip at a small part of quality 11's time (answers are made on request).
  br: (input) =>
    promisify(brotliCompress)(input, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
      },
    }),
  gzip: (input) => promisify(gzip)(input, { level: 6 }),
};

/** The encoding to use: the highest q of br and gzip (br on a tie, `*` standing for both), none when neither is >0. */
export function chooseEncoding(header: string | null | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q: Record<string, number> = {};
  for (const entry of header.split(",")) {
    const [name = "", ...params] = entry.trim().toLowerCase().split(";");
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = weight ? Number(weight.slice(2)) : 1;
    q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const br = q.br ?? q["*"] ?? 0;
  const gz = q.gzip ?? q["x-gzip"] ?? q["*"] ?? 0;
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? "br" : "gzip";
}

type Fetch<A extends unknown[]> = (request: Request, ...rest: A) => Response | Promise<Response>;

export function withCompression<A extends unknown[]>(
  fetch: Fetch<A>,
  limits = { maxEntries: 1000, maxBytes: 16_000_000 },
): (request: Request, ...rest: A) => Promise<Response> {
  const kept = new MemoryLru<Uint8Array>({
    maxEntries: limits.maxEntries,
    maxBytes: limits.maxBytes,
    sizeOf: (bytes) => bytes.byteLength + 96, // the typed array's own header
  });
  return async (request, ...rest) => {
    const response = await fetch(request, ...rest);
    const encoding = chooseEncoding(request.headers.get("accept-encoding"));
    const type = response.headers.get("content-type") ?? "";
    if (response.status === 304) {
      if (encoding) weakenEtag(response.headers);
      return response;
    }
    if (
      !COMPRESSIBLE.test(type) ||
      request.method === "HEAD" ||
      response.status === 204 ||
      response.status === 206 ||
      response.headers.has("content-encoding") ||
      /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(response.headers.get("cache-control") ?? "")
    ) {
      return response;
    }
    addVary(response.headers);
    // `response.body` is read only now, on the way to compressing: reading it turns the Node adapter's light response
    // into a web Response with a ReadableStream (~40 µs, a fifth of /healthz's server CPU), which an answer sent as
    // it is never needs. (Vary is set either way, as it is for answers found too small once read.)
    if (!encoding || !response.body) return response;
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    const init = { status: response.status, statusText: response.statusText, headers };
    if (body.byteLength < MIN_BYTES) return new Response(body, init);
    const key = `${encoding}|${createHash("sha1").update(body).digest("base64")}`;
    let compressed = kept.peek(key);
    if (!compressed) {
      compressed = new Uint8Array(await encoders[encoding](body));
      kept.put(key, compressed, 3600);
    }
    headers.set("content-encoding", encoding);
    headers.delete("content-length");
    weakenEtag(headers);
    return new Response(compressed as Uint8Array<ArrayBuffer>, init);
  };
}

/** The app's own responses have mutable headers; these edit them in place so Node's adapter keeps its fast path. */
function weakenEtag(headers: Headers): void {
  const etag = headers.get("etag");
  if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
}

function addVary(headers: Headers): void {
  const vary = headers.get("vary");
  if (vary === "*" || (vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))) return;
  headers.set("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
}
