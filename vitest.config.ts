import { generateKeyPairSync } from "node:crypto";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/**
 * Two projects: the Node project runs everything in test/ except test/workers/, the Workers project runs
 * test/workers/ inside workerd (the real Workers runtime, offline) against the same app built by src/worker.ts.
 */
// workerd and wrangler stay offline: no metrics, no cf.json fetch (docs/architecture.md, "Runtime constraints").
process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_HIDE_BANNER ??= "true";

// The Worker signs credentials with a secret; the workerd tests get a fresh Ed25519 key per run (no key is committed).
const testSigningKey = JSON.stringify({
  ...generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }),
  kid: "workerd-test",
});

export default defineConfig({
  test: {
    // The Worker logs one JSON line per request to the console; keep the test report readable.
    onConsoleLog: (log) => !log.includes('"requestId"'),
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**"],
          // Every response a test receives is checked against the OpenAPI document (test/helpers/contract-check.ts).
          setupFiles: ["test/setup/contract.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: { bindings: { CREDENTIAL_SIGNING_KEY: testSigningKey } },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["test/setup/contract-workers.ts"],
        },
      },
    ],
  },
});
