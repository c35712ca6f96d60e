import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, parseNodeEnv } from "../../src/env.ts";
import { startServer } from "../../src/node-server.ts";
import { checkedGlobalFetch } from "../helpers/checked-fetch.ts";

/**
 * The origin started in-process (src/node-server.ts), as src/node.ts starts it: it listens where it says, serves
 * the app, drains on beginShutdown (/readyz 503) and settles `closed` with exit code 0 — no child process needed.
 */
const fetch = checkedGlobalFetch(globalThis.fetch, () => true);

function collectLines(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) if (text) lines.push(JSON.parse(text));
      done();
    },
  });
  return { stream, lines };
}

describe("startServer (the origin in-process)", () => {
  it("serves on the port it reports, logs where to look, and closes gracefully with code 0", async () => {
    const { stream, lines } = collectLines();
    const env = parseNodeEnv({ HOST: "127.0.0.1", PORT: "0", SHUTDOWN_GRACE_MS: "1000" });
    const server = await startServer({ env, keys: [], destination: stream });
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}/`);
    expect(lines.some((line) => String(line.msg).startsWith("kakehashi listening"))).toBe(true);
    const ready = await fetch(`${server.url}readyz`, { headers: { connection: "close" } });
    expect(ready.status).toBe(200);
    expect(server.draining()).toBe(false);

    server.beginShutdown("test");
    expect(server.draining()).toBe(true);
    expect(await server.closed).toBe(0);
    expect(lines.find((line) => line.msg === "shutting down")).toMatchObject({ signal: "test", graceMs: 1000 });
    await expect(fetch(`${server.url}readyz`)).rejects.toThrow();
  });

  it("refuses a setting unusable only at start-up with a ConfigError of one line, and leaves nothing running", async () => {
    const env = parseNodeEnv({
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "silent",
      CREDENTIAL_SIGNING_KEY_FILE: "/nonexistent/kakehashi-signing-key.json",
    });
    const failure = await startServer({ env, keys: [], destination: collectLines().stream }).catch((error) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).problems).toEqual([
      expect.stringMatching(/^CREDENTIAL_SIGNING_KEY_FILE \/nonexistent\/kakehashi-signing-key\.json: /),
    ]);
  });
});
