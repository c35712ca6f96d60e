import { type ChildProcess, spawn } from "node:child_process";
import { projectRoot } from "./catalog-files.ts";

/**
 * The real Node entry (src/node.ts, as `npm start` runs it) in a child process on a port the OS picks, for what only
 * the whole process shows: signals, shutdown, sockets. `lines` collects its log lines (JSON); `waitForLine` waits for
 * one matching a message. `exited` settles when the process ends; stop() kills it if it has not.
 */
export interface SpawnedServer {
  origin: string;
  port: number;
  child: ChildProcess;
  lines: Record<string, unknown>[];
  /** What the process wrote to stderr so far (a library's console.error lands there, outside the JSON log). */
  stderr(): string;
  waitForLine(message: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/node.ts"], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let pending = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const text of complete) {
      try {
        lines.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        lines.push({ msg: text });
      }
    }
    for (const wake of waiters) wake();
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  const waitForLine = (message: RegExp, timeoutMs = 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = lines.find((line) => message.test(String(line.msg)));
        if (found) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`the server exited before logging ${message}: ${stderr.slice(0, 2000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no log line ${message} within ${timeoutMs} ms: ${stderr.slice(0, 2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const listening = await waitForLine(/kakehashi listening/);
  const port = Number(listening.port);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    child,
    lines,
    stderr: () => stderr,
    waitForLine,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
