import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * A response that leaves the request body unread (413, 415, 401, 405 …) closes the connection: a pooled client must
 * not send its next, unrelated request down a socket the server is about to reset. Over real HTTP, with a
 * keep-alive agent.
 */
let port = 0;
let stop: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ port, stop } = await serveApp(createTestApp({ runtime: "node" }).app));
});
afterAll(() => stop());

function send(
  agent: Agent,
  method: string,
  path: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; connection: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: "127.0.0.1", port, method, path, agent, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

describe("connections after an unread body", () => {
  it("a 413 closes the connection, and the pooled client's next request succeeds", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(5 * 1024 * 1024, 0x20);
      const refused = await send(agent, "POST", "/v1/translations", big, { "content-type": "application/json" });
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe("close");
      const next = await send(agent, "GET", "/healthz");
      expect(next.status).toBe(200);
      // Announced with Content-Length (refused before reading) as well as chunked (refused part-way).
      const announced = await send(agent, "POST", "/v1/translations", big, {
        "content-type": "application/json",
        "content-length": String(big.length),
      });
      expect(announced.status).toBe(413);
      expect(announced.connection).toBe("close");
      expect((await send(agent, "GET", "/healthz")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("so does a 415 whose body was never read; a request whose body was read keeps the connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.from("{}");
      const refused = await send(agent, "POST", "/v1/translations", body, { "content-type": "text/plain" });
      expect(refused.status).toBe(415);
      expect(refused.connection).toBe("close");
      const read = await send(agent, "POST", "/v1/translations", body, { "content-type": "application/json" });
      expect(read.status).toBe(422);
      expect(read.connection).not.toBe("close");
      expect((await send(agent, "GET", "/healthz")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
