import { existsSync, readFileSync } from "node:fs";
import autocannon from "autocannon";

/**
 * The server process's own CPU time per request (user + system, from /proc), over a fixed number of requests. On a
 * shared 2-core machine throughput mostly measures who else has the cores — the load generator included — while the
 * CPU a request costs the server moves far less with it. Linux only (undefined elsewhere).
 */
export async function serverCpuPerRequest(
  pid: number | undefined,
  url: string,
  post?: { body: string; type: string; accept?: string },
  requests = 10_000,
  /** `main`: the main thread's CPU only — what bounds a Node server's throughput (GC helper threads left out). */
  scope: "process" | "main" = "process",
): Promise<number | undefined> {
  const stat = scope === "main" ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(stat)) return undefined;
  const cpuMs = () => {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second on Linux).
    const fields = (readFileSync(stat, "utf8").split(") ")[1] ?? "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const run = (amount: number) =>
    autocannon({
      url,
      connections: 20,
      amount,
      ...(post
        ? {
            method: "POST" as const,
            body: post.body,
            headers: { "content-type": post.type, ...(post.accept ? { accept: post.accept } : {}) },
          }
        : {}),
    });
  await run(Math.ceil(requests / 10)); // warm the JIT and the engine's memo
  const before = cpuMs();
  await run(requests);
  return ((cpuMs() - before) * 1000) / requests; // µs
}
