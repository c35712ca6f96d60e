// `node scripts/low-priority.mjs <command> [args…]`: runs a command at a lower CPU priority (nice 10 on Linux and
// macOS, "below normal" on Windows), its exit code passed on. `npm run verify` runs the type check and the linters
// beside the test suite this way: they take the cores' idle moments instead of the time of the test files that
// decide how long the run lasts (docs/decisions.md, "Suite time, seventh pass").
import { spawn } from "node:child_process";
import { setPriority } from "node:os";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/low-priority.mjs <command> [args…]");
  process.exit(2);
}
try {
  setPriority(10); // this process; the command inherits it
} catch {
  // Not allowed here (a sandbox): the command runs at normal priority, which is only slower.
}
const child = spawn(command, args, { stdio: "inherit", shell: process.platform === "win32" });
child.on("error", (error) => {
  console.error(`low-priority: ${command}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
