/// <reference types="@cloudflare/vitest-pool-workers/types" />
// The tests use no binding directly (the static-assets binding, ASSETS, is reached through SELF).
declare namespace Cloudflare {
  type Env = Record<string, never>;
}
