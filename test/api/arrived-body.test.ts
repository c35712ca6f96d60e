import { createHash } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../src/lib/types.ts";
import { bodyRules } from "../../src/middleware/body-rules.ts";
import { handArrivedBodies } from "../../src/node-arrived-body.ts";
import { answerStalledBodies } from "../../src/node-body-timeout.ts";
import { checkedFetch } from "../helpers/checked-fetch.ts";
import { startInProcess } from "../helpers/in-process-server.ts";
import { recordFixture } from "../helpers/records.ts";
import { expectProblem } from "./api-suite.ts";

/**
 * A body that arrived whole with its head is handed to the app as bytes (src/node-arrived-body.ts), and the body rules
 * then read it with one decode (src/middleware/body-rules.ts) — with the same answers as a body read from the stream.
 */

/** What the wrapped listener saw of each request: its rawBody, and the body it read from the stream itself. */
interface Seen {
  rawBody: unknown;
  streamed: Buffer;
  ended: boolean;
}

/**
 * Sends raw HTTP/1.1 to a test server on loopback and resolves with what it answered, once that ends in "ok". `now`
 * is written at once; `later` at once too, or — given `holdUntil` — when the server's listener has seen the head
 * (the test's listener calls the function `holdUntil` was given), so that the body arrives after its head.
 */
function rawExchange(
  port: number,
  now: string,
  later: string,
  holdUntil: ((write: () => void) => void) | undefined,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.endsWith("ok")) socket.end();
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    const writeLater = () => {
      if (later) socket.write(later);
    };
    if (holdUntil) holdUntil(writeLater);
    socket.write(now);
    if (!holdUntil) writeLater();
  });
}

describe("handArrivedBodies (Node entry)", () => {
  let server: Server;
  let port = 0;
  const seen: Seen[] = [];
  let headArrived: () => void = () => {};
  beforeAll(async () => {
    server = createServer(
      handArrivedBodies((request: IncomingMessage, response) => {
        headArrived();
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          seen.push({
            rawBody: (request as { rawBody?: unknown }).rawBody,
            streamed: Buffer.concat(chunks),
            ended: true,
          });
          response.end("ok");
        });
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    seen.length = 0;
  });

  /** Sends raw HTTP/1.1 in the given writes (the rest after the first reached the server's listener, if asked). */
  const exchange = (parts: string[], waitForHead = false) => {
    const [first, ...rest] = parts;
    return rawExchange(port, first ?? "", rest.join(""), waitForHead ? (write) => (headArrived = write) : undefined);
  };

  const head = (length: number, extra = "") =>
    `POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}${extra}\r\n\r\n`;

  it("a body written with its head reaches the listener as rawBody, and the stream still ends", async () => {
    const body = '{"a":"\u00e9"}';
    await exchange([head(Buffer.byteLength(body)) + body]);
    expect(seen).toHaveLength(1);
    expect(Buffer.isBuffer(seen[0]?.rawBody)).toBe(true);
    expect(String(seen[0]?.rawBody)).toBe(body);
    // Nothing is left on the stream, and it ended (so the stalled-body guard disarms: src/node-body-timeout.ts).
    expect(seen[0]?.streamed.length).toBe(0);
    expect(seen[0]?.ended).toBe(true);
  });

  it("a body still arriving when the app starts is left on the stream", async () => {
    const body = '{"a":1}';
    await exchange([head(body.length), body], true);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.rawBody).toBeUndefined();
    expect(seen[0]?.streamed.toString()).toBe(body);
  });

  it("a chunked body is left on the stream", async () => {
    const chunked = 'POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{"a":1}\r\n0\r\n\r\n';
    await exchange([chunked]);
    expect(seen[0]?.rawBody).toBeUndefined();
    expect(seen[0]?.streamed.toString()).toBe('{"a":1}');
  });
});

describe("the stalled-body guard (src/node-body-timeout.ts) and an arrived body", () => {
  let server: Server;
  let port = 0;
  /** Whether the guard's idle timer listened on each request when the app's listener ran. */
  const armed: boolean[] = [];
  let headArrived: () => void = () => {};
  beforeAll(async () => {
    server = createServer(
      handArrivedBodies((request, response) => {
        armed.push(request.listenerCount("timeout") > 0);
        headArrived();
        request.resume();
        request.on("end", () => response.end("ok"));
      }),
    );
    answerStalledBodies(server, { idleMs: 60_000 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (head: string, body: string, late: boolean) =>
    late
      ? rawExchange(port, head, body, (write) => (headArrived = write))
      : rawExchange(port, head + body, "", undefined);
  const head = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n";

  it("is not armed for a body that came with its head, and is for one still arriving", async () => {
    expect(await send(head, '{"a":1}', false)).toMatch(/ok$/);
    expect(await send(head, '{"a":1}', true)).toMatch(/ok$/);
    expect(armed).toEqual([false, true]);
  });
});

/**
 * The runtime's own Response prototype, where every decode of a web Response ends: Node's adapter replaces the global
 * Response with a wrapper that defers to it (test/setup/contract.ts makes that replacement before any test), and a
 * clone is one of the runtime's own.
 */
const runtimeResponsePrototype = () => Object.getPrototypeOf(new Response("").clone()) as Response;

describe("body rules on a body handed over as bytes", () => {
  const app = new Hono<AppEnv>();
  app.use("/x", ...bodyRules("application/json", 1024));
  app.post("/x", async (c) => c.json({ read: await c.req.json() }));
  /** The request as the Node adapter hands it over: its bytes on the request and on `c.env.incoming.rawBody`. */
  const send = (bytes: Uint8Array) =>
    app.request(
      "/x",
      { method: "POST", headers: { "content-type": "application/json" }, body: bytes },
      { incoming: { rawBody: Buffer.from(bytes) } },
    );
  const encode = (text: string) => new TextEncoder().encode(text);

  it("hands the validator the text decoded once: no second decode through a web Response", async () => {
    const decodes = vi.spyOn(runtimeResponsePrototype(), "text");
    try {
      const response = await send(encode('{"name":"Router"}'));
      expect(decodes).not.toHaveBeenCalled();
      expect(await response.json()).toEqual({ read: { name: "Router" } });
    } finally {
      decodes.mockRestore();
    }
  });

  it("a body that really holds U+FFFD is read; invalid UTF-8 is a 400", async () => {
    const ok = await send(encode('{"name":"Router \uFFFD"}'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ read: { name: "Router \uFFFD" } });
    const bytes = encode('{"name":"Router XX"}');
    bytes[bytes.indexOf(0x58)] = 0xff;
    const bad = await send(bytes);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toBe("the body is not valid UTF-8");
  });

  it("a truncated four-byte sequence, which decodes to as many bytes as it had, is still a 400", async () => {
    // F0 90 80 decodes to one U+FFFD — three bytes again: only the bytes can tell.
    const bytes = Uint8Array.from([...encode('{"name":"'), 0xf0, 0x90, 0x80, ...encode('"}')]);
    expect((await send(bytes)).status).toBe(400);
  });
});

describe("the Node server with bodies handed over as bytes", { timeout: 60_000 }, () => {
  let server: { origin: string; stop(): Promise<void> };
  const fetch = checkedFetch(globalThis.fetch);
  beforeAll(async () => {
    server = await startInProcess();
  }, 30_000);
  afterAll(() => server.stop());
  const translate = (body: Uint8Array | string) =>
    fetch(`${server.origin}/v1/translations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  const request = (productName: string) =>
    JSON.stringify({ from: "jc-star", to: "uk-psti", record: { ...recordFixture("jc-star"), productName } });

  it("translates a record, one that holds U+FFFD too, and refuses invalid UTF-8 as before", async () => {
    const answer = await translate(request("Router"));
    expect(answer.status).toBe(200);
    // The Node entry's sha256 (src/node-server.ts) digests the record as received.
    const record = { ...recordFixture("jc-star"), productName: "Router" };
    const digest = createHash("sha256").update(JSON.stringify(record)).digest("hex");
    expect(((await answer.json()) as { derivation: { sourceDigest: string } }).derivation.sourceDigest).toBe(digest);
    expect((await translate(request("Router \uFFFD"))).status).toBe(200);
    const bytes = new TextEncoder().encode(request("Router XX"));
    const at = bytes.indexOf(0x58);
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const problem = await expectProblem(await translate(bytes), 400);
    expect(problem.detail).toBe("the body is not valid UTF-8");
  });

  it("reads a body sent with its head through the one decode (the entry hands it over as bytes)", async () => {
    const body = request("Router");
    // node:http, not fetch: the client reads its answer without web Responses, so any counted here are the server's.
    const decodes = vi.spyOn(runtimeResponsePrototype(), "text");
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${server.origin}/v1/translations`,
          {
            method: "POST",
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
      expect(status).toBe(200);
      expect(decodes).not.toHaveBeenCalled();
    } finally {
      decodes.mockRestore();
    }
  });

  it("a declared length over the limit is still a 413, and a body the route never reads closes the connection", async () => {
    const big = await translate(`{"pad":"${"x".repeat(300 * 1024)}"}`);
    await expectProblem(big, 413);
    const unsupported = await fetch(`${server.origin}/v1/translations`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(unsupported.headers.get("connection")).toBe("close");
    await expectProblem(unsupported, 415);
  });
});
