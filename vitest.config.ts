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

// Folders whose tests only call functions and apps they create (no process, server, Redis or global they change):
// their files share a worker's loaded modules (isolate: false). test/domain and test/data alone went 48 → 17–19 s
// wall, 50 → 22–24 s CPU (docs/decisions.md, "Where the suite's time went").
const sharedModuleFolders = [
  "test/domain",
  "test/data",
  "test/web",
  "test/exports",
  "test/review",
  "test/edge",
  "test/credentials",
];
// Files elsewhere of the same kind: they call an app they create (`app.request`, or an in-process server on a port
// the OS picks that the file closes) and change no global, no process state and no module they share. Files in the
// same folders that spawn processes, start Redis or the Node entry's server, or spy on a prototype stay isolated.
const sharedModuleFiles = [
  "test/api/client-abort.test.ts",
  "test/api/client-error.test.ts",
  "test/api/connection-close.test.ts",
  "test/api/credential-compact.test.ts",
  "test/api/credentials.test.ts",
  "test/api/edge-forward.test.ts",
  "test/api/exports-api.test.ts",
  "test/api/fuzz.test.ts",
  "test/api/json-bodies.test.ts",
  "test/api/market-access.test.ts",
  "test/api/middleware-promises.test.ts",
  "test/api/node-api.test.ts",
  "test/api/openapi-contract.test.ts",
  "test/api/record-clock.test.ts",
  "test/api/record-guards.test.ts",
  "test/api/records.test.ts",
  "test/api/route-facts.test.ts",
  "test/api/routing.test.ts",
  "test/api/subscriptions.test.ts",
  "test/api/translation.test.ts",
  "test/cache/answer-cache.test.ts",
  "test/client/typed-client.test.ts",
  "test/config/context-reads.test.ts",
  "test/config/library-internals.test.ts",
  "test/config/source-layout.test.ts",
  "test/config/verify-builds-once.test.ts",
  "test/services/record-service.test.ts",
  "test/services/to-problem.test.ts",
  "test/services/translation-service.test.ts",
  "test/webhooks/end-to-end.test.ts",
];

// The Worker signs credentials with a secret; the workerd tests get a fresh Ed25519 key per run (no key is committed).
const testSigningKey = JSON.stringify({
  ...generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }),
  kid: "workerd-test",
});

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
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", ...sharedModuleFolders.map((folder) => `${folder}/**`), ...sharedModuleFiles],
          // Every response a test receives is checked against the OpenAPI document (test/helpers/contract-check.ts).
          setupFiles: ["test/setup/contract.ts"],
          // The `kakehashi` bundle the CLI tests build into a scratch folder (test/helpers/cli-in-process.ts) is plain
          // JavaScript: Node imports it as the installed command would; Vite transforming its megabytes (the catalog
          // is inside) cost more CPU than the commands it then ran. Its entries: the command, and the server beside it.
          server: { deps: { external: [/\/kakehashi-cli-[^/]+\/[^/]+\.js$/] } },
        },
      },
      {
        test: {
          name: "node-shared",
          testTimeout,
          include: [...sharedModuleFolders.map((folder) => `${folder}/**/*.test.ts`), ...sharedModuleFiles],
          // Files in one worker share its modules instead of importing the app, zod and the catalog again each.
          isolate: false,
          setupFiles: ["test/setup/contract.ts"],
        },
      },
      {
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
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["test/setup/contract-workers.ts"],
        },
      },
    ],
  },
});
