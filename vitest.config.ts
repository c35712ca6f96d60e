import { generateKeyPairSync } from "node:crypto";
import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import HeavyFirstSequencer from "./test/setup/heavy-first.ts";

/**
 * Two projects: the Node project runs everything in test/ except test/workers/, the Workers project runs
 * test/workers/ inside workerd (the real Workers runtime, offline) against the same app built by src/worker.ts.
 */
// workerd and wrangler stay offline: no metrics, no cf.json fetch (docs/architecture.md, "Runtime constraints").
process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_HIDE_BANNER ??= "true";

// A stall guard, not a timing assertion: on a shared, loaded machine a test that takes 2 s idle can take 10. (Each
// project sets it: inline projects do not inherit the root's test options.)
const testTimeout = 30_000;
// Hooks start what a file's tests share (redis-server, a packed package, a browser): Vitest's default of 10 s is less
// than a test's own guard, and a slow minute on the machine could fail a 2 s hook whose tests would have passed.
const hookTimeout = 60_000;

// Files that must run in a worker of their own, with freshly loaded modules: they replace something every file in a
// worker shares. Every other Node test file shares its worker's loaded modules (the project "node-shared",
// isolate: false): importing the app, zod and the catalog costs 1.2–1.6 s of CPU a file, which 45 isolated files paid
// each (docs/decisions.md, "Suite time, sixth pass"). Spawning processes, starting redis-server or a server on a port
// the OS picks changes nothing another file sees; a file that restores what it stubs (fake timers, spies on its own
// objects) may share too. A file that spies on a platform prototype must not: another file's leftover work in the
// same worker calls it too.
const isolatedFiles = [
  // Counts calls of the runtime Response's text(), which streamed contract checks of other files call too.
  "test/api/arrived-body.test.ts",
];

// The Worker signs credentials with a secret; the workerd tests get a fresh Ed25519 key per run (no key is committed).
const testSigningKey = JSON.stringify({
  ...generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }),
  kid: "workerd-test",
});

/**
 * The project running test/workers files inside workerd (the real Workers runtime, offline) against the app built by
 * src/worker.ts, with the bindings wrangler.toml documents. Its files share one runtime (isolate: false): a runtime
 * of its own per file cost 3–8 s of start-up each, nine one after the other (docs/decisions.md, "Suite time, sixth
 * pass"). A shared runtime shares its Cache API and KV too: a file that asserts what they do not yet hold first
 * deletes what another file may have stored (test/workers/edge-cache.test.ts).
 */
function workersProject() {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        // ISSUED_CREDENTIALS: the KV namespace wrangler.toml documents for issued credentials (a local one here).
        miniflare: {
          bindings: { CREDENTIAL_SIGNING_KEY: testSigningKey },
          kvNamespaces: ["ISSUED_CREDENTIALS"],
        },
      }),
    ],
    test: {
      name: "workers",
      testTimeout,
      hookTimeout,
      include: ["test/workers/**/*.test.ts"],
      isolate: false,
      setupFiles: ["test/setup/contract-workers.ts"],
    },
  };
}

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on a 2-core machine one, so every file ran after the other
    // while the browser, the CLI's child processes and the spawned servers kept the worker waiting. Two files at a time
    // there: test/api took 11–19 % less time, ~10 % more CPU (docs/decisions.md, "Where the suite's time went").
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The heaviest files start first, so that the last file to finish is not a long one started late
    // (test/setup/heavy-first.ts).
    sequence: { sequencer: HeavyFirstSequencer },
    // The Worker logs one JSON line per request to the console; keep the test report readable.
    onConsoleLog: (log) => !log.includes('"requestId"'),
    projects: [
      {
        test: {
          name: "node",
          testTimeout,
          hookTimeout,
          include: isolatedFiles,
          // Every response a test receives is checked against the OpenAPI document (test/helpers/contract-check.ts).
          setupFiles: ["test/setup/contract.ts"],
        },
      },
      {
        test: {
          name: "node-shared",
          testTimeout,
          hookTimeout,
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", ...isolatedFiles],
          // Files in one worker share its modules instead of importing the app, zod and the catalog again each.
          isolate: false,
          setupFiles: ["test/setup/contract.ts"],
          // The `kakehashi` bundle the CLI tests build into a scratch folder (test/helpers/cli-in-process.ts) is plain
          // JavaScript: Node imports it as the installed command would; Vite transforming its megabytes (the catalog
          // is inside) cost more CPU than the commands it then ran. Its entries: the command, and the server beside it.
          server: { deps: { external: [/\/kakehashi-cli-[^/]+\/[^/]+\.js$/] } },
        },
      },
      workersProject(),
    ],
  },
});
