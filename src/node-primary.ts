import cluster, { type Worker } from "node:cluster";

/**
 * WORKERS > 1: this process forks that many server processes (node:cluster: they share the listening port, and the
 * primary hands out connections round-robin) and serves nothing itself. A worker that dies is replaced; SIGTERM /
 * SIGINT is passed to every worker, each drains as a single process does (src/node-shutdown.ts), and the primary
 * exits 0 once all have — or kills what is left at SHUTDOWN_GRACE_MS plus a second, and exits 1.
 */
export function runPrimary(options: { workers: number; graceMs: number; log: (message: string) => void }): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < options.workers; i++) fork();
  cluster.on("exit", (worker: Worker, code: number | null, signal: string | null) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    options.log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    // A worker that cannot start at all (bad configuration) would be replaced forever: stop instead.
    if (code === 1) {
      options.log("a worker refused to start: stopping");
      process.exit(1);
    }
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
        process.exit(1);
      }, options.graceMs + 1000).unref();
    });
  }
}
