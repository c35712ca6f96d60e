import { afterEach, describe, expect, it } from "vitest";
import { Readiness } from "../../src/contracts/api.ts";
import { rawConnection } from "../helpers/raw-connection.ts";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody } from "./api-suite.ts";

/**
 * SIGTERM to the real Node entry: it stops accepting, says `Connection: close`, finishes what is in flight, ends
 * idle and stalled sockets and exits 0 within SHUTDOWN_GRACE_MS whatever a client does; /readyz is 503 from the
 * moment draining starts. Raw sockets, so that a client can stall half-way through a request.
 */
// Connections still open are cut at three quarters of it: the in-flight request must be read, translated and answered
// before that, on a machine that may be slow for a minute. 3 s, not 1.5: the test waits it out once.
const graceMs = 3000;
let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const status = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const header = (text: string, name: string) =>
  new RegExp(`^${name}: ([^\\r\\n]*)`, "im").exec(text.split("\r\n\r\n")[0] ?? "")?.[1];

describe("shutdown with a deadline (SIGTERM)", () => {
  it("/readyz is 503 draining, as the document says, once the process is shutting down", async () => {
    let draining = false;
    const { app } = createTestApp({ draining: () => draining });
    expect((await app.request("/readyz")).status).toBe(200);
    draining = true;
    const answer = await app.request("/readyz");
    expect(answer.status).toBe(503);
    expect((await expectBody(answer, Readiness)).status).toBe("draining");
  });

  it("exits 0 within the grace period although a client holds a half-sent body; in-flight requests finish; /readyz is 503 while draining", async () => {
    server = await spawnServer({ SHUTDOWN_GRACE_MS: String(graceMs) });
    const body = JSON.stringify({ from: "jc-star", to: "sg-cls", record: {} });
    // A client that announces a body and stalls half-way: it will never finish.
    const stalled = await rawConnection(server.port);
    stalled.socket.write(
      "POST /v1/translations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{",
    );
    // A request in flight: its body is half-sent now and completed once draining has started.
    const inFlight = await rawConnection(server.port);
    inFlight.socket.write(
      `POST /v1/translations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    // A load balancer's readiness probe whose headers are still arriving.
    const probe = await rawConnection(server.port);
    probe.socket.write("GET /readyz HTTP/1.1\r\nHost: x\r\n");
    // A barrier: once a request on a new connection is answered, the server has read the bytes written above (on
    // loopback they were queued before that connection was opened), so those connections are busy, not idle.
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);

    server.child.kill("SIGTERM");
    await server.waitForLine(/shutting down/);
    inFlight.socket.write(body.slice(5));
    probe.socket.write("\r\n");

    const [finished, readiness] = await Promise.all([inFlight.answer, probe.answer]);
    expect(status(finished)).toBeGreaterThanOrEqual(200);
    expect(status(finished)).toBeLessThan(500);
    expect(header(finished, "connection")).toBe("close");
    expect(status(readiness)).toBe(503);
    expect(header(readiness, "connection")).toBe("close");
    expect(JSON.parse(readiness.split("\r\n\r\n")[1] ?? "")).toMatchObject({ status: "draining" });

    // The deadline, not the client, decides: the process is gone well before Node's 300 s request timeout.
    const gone = await Promise.race([
      server.exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), graceMs + 8000)),
    ]);
    expect(gone).toEqual({ code: 0, signal: null });
    await stalled.answer; // its socket was ended by the server
    // New connections are refused once it has stopped accepting.
    await expect(rawConnection(server.port)).rejects.toThrow();
  }, 40_000);
});
