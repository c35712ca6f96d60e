/**
 * The CPU a command used with every process it started, Chromium's included (Linux only):
 *
 *   npx tsx bench/tree-cpu.ts npx vitest run test/browser/web.browser.test.ts
 *
 * `/usr/bin/time` adds only the children a process waited for, and Chromium's renderers, GPU and utility processes are
 * not among them: for the browser test files it reported about half their CPU (12 s where the same run's processes
 * used 31 s). This samples /proc every 100 ms and keeps, for every process of the command's tree, the last user +
 * system time it showed; a process that lives less than a sample is missed (none of the tests' is that short).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // Linux reports CPU time in clock ticks of 1/100 s (CLK_TCK)

interface ProcessTime {
  name: string;
  ms: number;
}

const [command, ...args] = process.argv.slice(2);
if (!command) throw new Error("usage: tsx bench/tree-cpu.ts <command> [args…]");

/** Keyed by pid and start time, so that a reused pid is another process. */
const seen = new Map<string, ProcessTime>();

function sample(root: number): void {
  const all = new Map<number, { parent: number; key: string; time: ProcessTime }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // ended between the listing and the read
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    // Fields after the name, from the 3rd: state, ppid, … utime (14th), stime (15th), … starttime (22nd).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    all.set(Number(entry), {
      parent: Number(fields[1]),
      key: `${entry}:${fields[19]}`,
      time: { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS },
    });
  }
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, { parent }] of all) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of tree) {
    const found = all.get(pid);
    if (found && (seen.get(found.key)?.ms ?? -1) < found.time.ms) seen.set(found.key, found.time);
  }
}

const started = performance.now();
const child = spawn(command, args, { stdio: "inherit" });
const timer = setInterval(() => child.pid && sample(child.pid), 100);
child.on("exit", (code) => {
  clearInterval(timer);
  const byName = new Map<string, number>();
  let total = 0;
  for (const { name, ms } of seen.values()) {
    const group = /chrom/i.test(name) ? "chromium" : name;
    byName.set(group, (byName.get(group) ?? 0) + ms);
    total += ms;
  }
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const groups = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([name, ms]) => `${name} ${s(ms)}`);
  console.log(
    `tree-cpu: wall ${s(performance.now() - started)} s, CPU ${s(total)} s (${groups.join(", ")}), exit ${code}`,
  );
  process.exitCode = code ?? 1;
});
