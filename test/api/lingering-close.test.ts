import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";

/**
 * An answer sent before the request body is read (413 here; 415 and 401 alike) must reach clients that are still
 * sending: the server answers, then keeps reading and discarding the body for a while (bounded in bytes and time)
 * before it closes — a lingering close, as nginx and Apache do. Closing at once resets the connection, and Node's
 * fetch and node:http then report EPIPE instead of the status. Against the real entry in its own process: in-process
 * the client and the server share one event loop and the race does not show.
 */
let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer();
}, 60_000);
afterAll(() => server?.stop());

const big = Buffer.alloc(12 * 1024 * 1024, 0x20);

function post(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: false });
    const req = request(
      { hostname: "127.0.0.1", port: server.port, method: "POST", path: "/v1/translations", agent, headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(big);
  });
}

describe("an early answer reaches a client that is still sending (lingering close)", () => {
  it("Node's fetch sending 12 MB reads the 413, 5 runs of 5", async () => {
    for (let run = 0; run < 5; run++) {
      const answer = await fetch(`${server.origin}/v1/translations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: big,
      });
      expect(answer.status).toBe(413);
      expect(answer.headers.get("connection")).toBe("close");
      expect(((await answer.json()) as { status: number }).status).toBe(413);
    }
  }, 60_000);

  it("node:http sending 12 MB, announced or chunked, reads the 413, 5 runs of 5", async () => {
    for (let run = 0; run < 5; run++) {
      expect(await post({ "content-type": "application/json", "content-length": String(big.length) })).toBe(413);
      expect(await post({ "content-type": "application/json" })).toBe(413);
    }
  }, 60_000);
});
