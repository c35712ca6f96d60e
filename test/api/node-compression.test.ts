import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import docsAssets from "../../generated/docs-assets.js";
import { chooseEncoding, withCompression } from "../../src/node-compression.ts";
import { startInProcess } from "../helpers/in-process-server.ts";
import { createTestApp } from "../helpers/test-app.ts";

const { app } = createTestApp({ docsAssets });
/** The Node entry's fetch: the app wrapped as src/node.ts serves it. */
const nodeFetch = withCompression((request: Request) => app.request(request));
const get = (path: string, headers: Record<string, string> = {}) =>
  nodeFetch(new Request(`http://localhost${path}`, { headers }));
const bytes = async (response: Response) => new Uint8Array(await response.arrayBuffer());

const decoders = { gzip: gunzipSync, br: brotliDecompressSync } as const;

describe("compression of text answers on the Node origin", () => {
  it("chooses br or gzip by Accept-Encoding and its q-values; identity when neither is acceptable", () => {
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0.5, gzip")).toBe("gzip");
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("identity")).toBeUndefined();
    expect(chooseEncoding("gzip;q=0, br;q=0")).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });

  it.each([
    ["a page", "/labels/jc-star/STAR-1?lang=ja", { Accept: "text/html" }],
    ["a JSON answer", "/v1/equivalence?from=jc-star:STAR-1&to=uk-psti&asOf=2026-06-01", {}],
    ["a CSV export", "/v1/exports/csv/requirements/jc-star", {}],
    ["the OpenAPI document", "/openapi.json", {}],
    ["the stylesheet", "/assets/style.css", { Accept: "text/css" }],
  ] as const)("%s decompresses to the identity answer's bytes, gzip and br", async (_, path, headers) => {
    const identity = await get(path, headers);
    expect(identity.status).toBe(200);
    expect(identity.headers.get("content-encoding")).toBeNull();
    const plain = await bytes(identity);
    expect(plain.byteLength).toBeGreaterThan(1024);
    for (const encoding of ["gzip", "br"] as const) {
      // Twice: the second is the memo's hit (on memoized paths) and the kept compressed bytes.
      for (const round of [1, 2]) {
        const response = await get(path, { ...headers, "Accept-Encoding": encoding });
        expect({ path, encoding, round, status: response.status }).toMatchObject({ status: 200 });
        expect(response.headers.get("content-encoding")).toBe(encoding);
        expect(response.headers.get("vary")).toMatch(/Accept-Encoding/);
        const body = await bytes(response);
        expect(body.byteLength).toBeLessThan(plain.byteLength);
        expect(new Uint8Array(decoders[encoding](body))).toEqual(plain);
      }
    }
  });

  it("keeps ETag and 304: a compressed answer's tag is weak, and either tag sent back gets a 304", async () => {
    const path = "/v1/equivalence?from=jc-star:STAR-1&to=sg-cls&asOf=2026-06-01";
    const plain = await get(path);
    const strong = plain.headers.get("etag") ?? "";
    expect(strong).toMatch(/^"/);
    const gzipped = await get(path, { "Accept-Encoding": "gzip" });
    expect(gzipped.headers.get("etag")).toBe(`W/${strong}`);
    expect(gzipped.headers.get("x-cache")).toBe("hit"); // the response memo still answers repeats
    const again = await get(path, { "Accept-Encoding": "gzip", "If-None-Match": `W/${strong}` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(`W/${strong}`);
    expect(await again.text()).toBe("");
    const identity = await get(path, { "If-None-Match": strong });
    expect(identity.status).toBe(304);
    expect(identity.headers.get("etag")).toBe(strong);
    // A page's ETag (computed before the body) works the same way.
    const page = await get("/matrix", { Accept: "text/html", "Accept-Encoding": "br" });
    const tag = page.headers.get("etag") ?? "";
    expect(tag).toMatch(/^W\//);
    expect((await get("/matrix", { Accept: "text/html", "Accept-Encoding": "br", "If-None-Match": tag })).status).toBe(
      304,
    );
  });

  it("leaves alone what must not or need not be compressed: small answers, NDJSON, HEAD, problems' identity", async () => {
    const small = await get("/healthz", { "Accept-Encoding": "gzip" });
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(((await small.json()) as { status: string }).status).toBeTruthy();
    const head = await nodeFetch(
      new Request("http://localhost/openapi.json", { method: "HEAD", headers: { "Accept-Encoding": "gzip" } }),
    );
    expect(head.headers.get("content-encoding")).toBeNull();
    const batch = await nodeFetch(
      new Request("http://localhost/v1/translations/batch", {
        method: "POST",
        headers: { "Accept-Encoding": "gzip", "Content-Type": "application/x-ndjson" },
        body: "{}\n",
      }),
    );
    expect(batch.headers.get("content-encoding")).toBeNull();
  });

  it("is the Node entry's only: the app itself (what the Worker serves) never encodes", async () => {
    const response = await app.request("/openapi.json", { headers: { "Accept-Encoding": "gzip, br" } });
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("etag") ?? "").not.toMatch(/^W\//);
  });
});

describe("compression on a running Node server", { timeout: 60_000 }, () => {
  // The Node entry's server in this process (the compression is its wiring, src/node-server.ts), not a child process.
  let server: { base: string; stop(): Promise<void> };
  beforeAll(async () => {
    const started = await startInProcess();
    server = { base: started.origin, stop: started.stop };
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  /** Raw bytes as sent on the wire (fetch would decode them). */
  const raw = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        const req = httpRequest(`${server.base}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on("error", reject);
        req.end();
      },
    );

  it("sends gzip and br on the wire that decode to the identity bytes; identity still works", async () => {
    const path = "/labels/jc-star/STAR-1?lang=ja";
    const plain = await raw(path, { Accept: "text/html" });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString("utf8")).toMatch(/^<!doctype html>/);
    const gz = await raw(path, { Accept: "text/html", "Accept-Encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    const br = await raw(path, { Accept: "text/html", "Accept-Encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const notModified = await raw(path, {
      Accept: "text/html",
      "Accept-Encoding": "gzip",
      "If-None-Match": String(gz.headers.etag),
    });
    expect(notModified.status).toBe(304);
  });
});

describe("an answer sent uncompressed", () => {
  it("is passed on as it is, its body never touched (reading it makes Node's adapter build a web stream)", async () => {
    const response = new Response(JSON.stringify({ text: "x".repeat(2048) }), {
      headers: { "content-type": "application/json" },
    });
    let bodyReads = 0;
    const body = response.body;
    Object.defineProperty(response, "body", {
      get() {
        bodyReads += 1;
        return body;
      },
    });
    const passed = await withCompression(() => response)(new Request("http://localhost/v1/schemes"));
    expect(passed).toBe(response);
    expect(bodyReads).toBe(0);
    // Still marked as varying by Accept-Encoding: another client may get it compressed.
    expect(passed.headers.get("vary")).toBe("Accept-Encoding");
  });
});
