import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Problem } from "../../src/lib/problem.ts";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";

/**
 * Request targets and headers the app never sees — refused by Node or by the adapter before any route runs — still get
 * an RFC 9457 problem body, not an empty 400. Raw sockets against the real entry, since clients will not send these.
 */
let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer();
}, 60_000);
afterAll(() => server?.stop());

function raw(request: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
      // One answer is enough: a request the server keeps the connection open after is ended by the client.
      if (!text.includes("\r\n\r\n")) return;
      const [head = "", body = ""] = text.split("\r\n\r\n");
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (Buffer.byteLength(body) >= length) socket.end();
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n");
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]),
        type: /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? "",
        body,
      });
    });
  });
}

async function expectProblem400(request: string, detail: RegExp) {
  const answer = await raw(request);
  expect(answer.status).toBe(400);
  expect(answer.type).toBe("application/problem+json");
  const problem = Problem.parse(JSON.parse(answer.body));
  expect(problem.status).toBe(400);
  expect(problem.detail).toMatch(detail);
}

describe("malformed request targets and a missing Host get a problem body", () => {
  it("a backslash in the path", async () => {
    await expectProblem400("GET /v1\\schemes HTTP/1.1\r\nHost: x\r\n\r\n", /backslash/i);
  });

  it("an HTTP/1.1 request without Host", async () => {
    await expectProblem400("GET /v1/schemes HTTP/1.1\r\n\r\n", /Host/);
  });

  it("an asterisk target (OPTIONS *), an authority target and a Host that is no host name", async () => {
    await expectProblem400("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", /target/i);
    // Node's parser refuses this one itself (its clientError answer, src/node-client-error.ts).
    await expectProblem400("GET x:80 HTTP/1.1\r\nHost: x\r\n\r\n", /not valid HTTP/);
    await expectProblem400("GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", /Host header/);
  });

  it("CONNECT (this is not a proxy) is a 405 problem, not a dropped connection", async () => {
    const answer = await raw("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
    expect(answer.status).toBe(405);
    expect(answer.type).toBe("application/problem+json");
    expect(Problem.parse(JSON.parse(answer.body)).detail).toMatch(/proxy/);
  });

  it("a body whose chunked framing breaks after the app started on it (a chunk size that is not hex)", async () => {
    await expectProblem400(
      "POST /v1/translations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        'Transfer-Encoding: chunked\r\n\r\n5\r\n{"fro\r\nzz\r\n',
      /chunk size is not a hexadecimal number/,
    );
    // One log line with the status the client received; the app's late answer to the abort it saw is not written.
    const line = await server.waitForLine(/answered by the server while the body was read/);
    expect(line).toMatchObject({ status: 400, route: "/v1/translations" });
    expect(server.stderr()).toBe("");
  });

  it("an HTTP/1.0 request without Host is still answered (old health checkers send those)", async () => {
    const answer = await raw("GET /healthz HTTP/1.0\r\n\r\n");
    expect(answer.status).toBe(200);
  });
});
