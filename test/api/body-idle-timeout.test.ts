import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";

/**
 * A client that stops sending in the middle of a request body gets the documented 408 problem once nothing has
 * arrived for BODY_IDLE_TIMEOUT_MS, and then the connection closes — instead of being held until Node's 300 s request
 * timeout and dropped without an answer. Against the real entry in its own process, with a short idle timeout set by
 * the environment: the test waits for the answer, it does not time it.
 */
let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer({ BODY_IDLE_TIMEOUT_MS: "1500" });
}, 60_000);
afterAll(() => server?.stop());

interface Exchange {
  /** Everything the server sent before it closed the connection. */
  text: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends the head and then each part after `pauseMs`; resolves with what came back once the server closes. */
function exchange(head: string, parts: string[], pauseMs: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => {
      const [top = "", body = ""] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = top.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      resolve({ text, status: Number(statusLine.split(" ")[1]), headers, body });
    });
    socket.write(head);
    void (async () => {
      for (const part of parts) {
        await sleep(pauseMs);
        if (socket.destroyed) return;
        socket.write(part);
      }
    })();
  });
}

const headOf = (length: number) =>
  "POST /v1/translations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
  `Content-Length: ${length}\r\n\r\n`;

describe("a request body that stops arriving", () => {
  it("gets a 408 problem, then the connection closes", async () => {
    const answer = await exchange(`${headOf(1000)}{"from":"jc-star",`, [], 0);
    expect(answer.status).toBe(408);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(answer.headers.connection).toBe("close");
    const problem = JSON.parse(answer.body) as { status: number; detail: string };
    expect(problem.status).toBe(408);
    expect(problem.detail).toContain("1500 ms");
    // Logged as what it is, not as an unhandled error; and the app's read of the body ends (it does not wait forever).
    const logged = await server.waitForLine(/request body stalled/);
    expect(logged.level).toBe(30);
    // The request's one log line says what the client received (408), not the abort the app saw afterwards; the
    // app's late answer is not written over the 408 (no "headers already sent" error on stderr).
    const requestLine = await server.waitForLine(/answered by the server while the body was read/);
    expect(requestLine).toMatchObject({ status: 408, route: "/v1/translations" });
    expect(server.lines.filter((line) => line.status === 499)).toEqual([]);
    expect(server.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(server.stderr()).toBe("");
  }, 30_000);

  it("chunked bodies too", async () => {
    const head =
      "POST /v1/translations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      'Transfer-Encoding: chunked\r\n\r\n5\r\n{"fro\r\n';
    const answer = await exchange(head, [], 0);
    expect(answer.status).toBe(408);
  }, 30_000);

  it("a slow body that keeps arriving is read in full, however long it takes in all", async () => {
    // 25 parts 100 ms apart: well past the idle timeout in all, never near it between two parts.
    const body = JSON.stringify({ from: "jc-star", to: "uk-psti", record: { padding: "x".repeat(200) } });
    const size = Math.ceil(body.length / 25);
    const parts = Array.from({ length: 25 }, (_, i) => body.slice(i * size, (i + 1) * size));
    const answer = await exchange(
      headOf(Buffer.byteLength(body)).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"),
      parts,
      100,
    );
    // Read in full and judged: the record is not a JC-STAR record (422), not a 408.
    expect(answer.status).toBe(422);
  }, 30_000);
});
