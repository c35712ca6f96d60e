/// <reference types="@cloudflare/vitest-pool-workers/types" />
// The Worker has no bindings yet; the pool's `env` is an empty record.
declare namespace Cloudflare {
  type Env = Record<string, never>;
}
