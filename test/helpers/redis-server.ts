import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

/**
 * A real redis-server for tests, on a free loopback port, in a temporary directory, stopped by the test that started
 * it. Where redis-server is missing the tests that need it are skipped on a developer's machine — but never in CI
 * (CI=true), where a missing server is an error: .ci/run installs it.
 */
export function redisServerInstalled(): boolean {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI)
      throw new Error("redis-server is not installed; .ci/run must install it (apt-get install redis-server)");
    return false;
  }
}

export interface TestRedis {
  url: string;
  port: number;
  /** SIGKILL, as in an outage. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that holds connections open but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `durable`: AOF with fsync on every write, as the record store runs in production (docs/decisions.md). */
export async function startRedis(options: { durable?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-redis-"));
  let child: ChildProcess | undefined;
  const persistence = options.durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];
  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", ...persistence],
      {
        stdio: "ignore",
      },
    );
    await waitForPing(port);
  };
  const exit = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
    });
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      const done = exit();
      child?.kill("SIGKILL");
      await done;
    },
    freeze: () => child?.kill("SIGSTOP"),
    thaw: () => child?.kill("SIGCONT"),
    restart: launch,
    stop: async () => {
      child?.kill("SIGCONT");
      const done = exit();
      child?.kill("SIGKILL");
      await done;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new Redis({
      port,
      host: "127.0.0.1",
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

/** Polls until `check` holds (bounded): for states that change asynchronously, such as a reconnect. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for: ${what}`);
}
