import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/**
 * Starts `src/node.ts` as its own process on a free loopback port (as `npm start` would; its log lines go to
 * /dev/null) and waits for /healthz. With `script`, starts that file instead, given the port as its argument;
 * `nodeOptions` go before either (e.g. --cpu-prof); `cwd`, another checkout of the project to serve from.
 */
export async function startServer(
  options: { env?: Record<string, string>; script?: string; nodeOptions?: string[]; cwd?: string } = {},
): Promise<{ base: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [
    ...(options.nodeOptions ?? []),
    ...(options.script ? [options.script, String(port)] : ["--import", "tsx", "src/node.ts"]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      if (attempt > 200) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
