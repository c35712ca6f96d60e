import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerClientError } from "../../src/node-client-error.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

/** Requests Node's HTTP parser refuses, sent raw over a socket to a server wired as src/node.ts wires it. */
let port = 0;
let stop: () => Promise<void> = async () => {};
beforeAll(async () => {
  const served = await serveApp(createTestApp({ runtime: "node" }).app);
  served.server.on("clientError", answerClientError);
  ({ port, stop } = served);
});
afterAll(() => stop());

function raw(request: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
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

describe("requests Node's parser refuses", () => {
  it("a raw space in the path is a 400 problem, not an empty body", async () => {
    const answer = await raw("GET /v1/sch emes HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(answer.status).toBe(400);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, title: "Bad request" });
  });

  it("a request line over 16 KiB is a 431 problem", async () => {
    const answer = await raw(`GET /v1/schemes?q=${"a".repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(431);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431 });
  });
});
