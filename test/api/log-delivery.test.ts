import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";
import { rawConnection } from "../helpers/raw-connection.ts";
import { type SpawnedServer, spawnServer } from "../helpers/spawn-server.ts";

/**
 * The Node entry writes log lines through a buffered, asynchronous stdout (src/node-server.ts: a write per 4 KiB, not
 * per line). Buffering must not cost lines: a quiet server's lines still come out (the flush timer), a graceful
 * shutdown writes every line of every request it answered, and so does a crash. Only a SIGKILL may lose what was
 * buffered (docs/operations.md, Logs).
 */
let server: SpawnedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const linesOf = (spawned: SpawnedServer, id: string) => spawned.lines.filter((line) => line.requestId === id);

/** The lines of request `id`, once there is one, or none after `stallMs` (a stall guard, not a measure). */
async function lineWithin(spawned: SpawnedServer, id: string, stallMs: number) {
  for (let waited = 0; waited < stallMs && linesOf(spawned, id).length === 0; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return linesOf(spawned, id);
}

describe("log lines through the buffered destination", () => {
  it("a request's line comes out while the server stays idle, with far less than a buffer's worth written", async () => {
    server = await spawnServer({ LOG_LEVEL: "info" });
    const answer = await fetch(`${server.origin}/healthz`, { headers: { "x-request-id": "quiet-1" } });
    expect(answer.status).toBe(200);
    // No other request, no shutdown: only the periodic flush can bring this ~200-byte line out of a 4 KiB buffer.
    const line = await lineWithin(server, "quiet-1", 10_000);
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ method: "GET", route: "/healthz", path: "/healthz", status: 200 });
    expect(server.child.exitCode).toBeNull();
  }, 60_000);

  it("SIGTERM: every request answered before or during the drain has its one line on stdout when the process exits", async () => {
    server = await spawnServer({ LOG_LEVEL: "info", SHUTDOWN_GRACE_MS: "3000" });
    const ids = Array.from({ length: 40 }, (_, i) => `drain-${i}`);
    // 40 lines (~8 KiB): a buffer written at 4 KiB, and the rest still buffered when the signal comes.
    for (const id of ids) {
      const answer = await fetch(`${server.origin}/healthz`, { headers: { "x-request-id": id, connection: "close" } });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    // A request in flight across the signal: its head is finished only once draining has begun, so its line is
    // logged after the "shutting down" line was written, and only a flush at exit can bring it out.
    const inFlight = await rawConnection(server.port);
    inFlight.socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: during-the-drain\r\n");
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200); // the server has read the bytes above
    server.child.kill("SIGTERM");
    await server.waitForLine(/shutting down/);
    inFlight.socket.write("\r\n");
    expect(await inFlight.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    for (const id of [...ids, "during-the-drain"]) {
      const lines = linesOf(server, id);
      expect(lines, id).toHaveLength(1);
      expect(lines[0]).toMatchObject({ route: "/healthz", status: 200 });
    }
  }, 60_000);

  it("a fatal error: the lines buffered before it still reach stdout", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/servers/fatal-after-request.ts"], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
    expect(stderr).toContain("fatal: thrown on purpose by the test");
    expect(code).not.toBe(0);
    const lines = stdout
      .split("\n")
      .filter(Boolean)
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines.filter((line) => line.requestId === "before-the-crash")).toEqual([
      expect.objectContaining({ route: "/healthz", status: 200 }),
    ]);
  }, 60_000);
});
