import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/redis-server.ts";
import { serveApp } from "../helpers/serve-app.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * A client that goes away mid-request is not a server fault: it is logged once, at info, as an aborted request —
 * not at error as an "unhandled error" with a stack (which would page someone for every dropped phone connection).
 */
const { app, logger } = createTestApp({ runtime: "node" });
let port = 0;
let stop: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ port, stop } = await serveApp(app));
});
afterAll(() => stop());

describe("a client that disconnects mid-request", () => {
  it("is logged once at info as an aborted request, never at error", async () => {
    const socket = connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      "POST /v1/translations HTTP/1.1\r\nHost: x\r\nX-Request-Id: gone-away\r\nContent-Type: application/json\r\n" +
        'Content-Length: 1000\r\n\r\n{"from":',
    );
    // Once a request on another connection is answered, the server has read the bytes above.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    socket.destroy();
    const about = () => logger.lines.filter((line) => JSON.stringify(line).includes("gone-away"));
    await eventually(() => about().length > 0, "a log line about the aborted request");
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
    expect(about()).toHaveLength(1);
    expect(about()[0]).toMatchObject({ level: "info", message: "request aborted by the client" });
    expect(JSON.stringify(about()[0])).not.toContain("stack");
  });
});
