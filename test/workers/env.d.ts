/// <reference types="@cloudflare/vitest-pool-workers/types" />
// The pool's `env`: the credential signing key the tests hand the Worker as a secret would be, and the KV namespace
// issued credentials are kept in. (The static-assets binding, ASSETS, is reached through SELF.)
declare namespace Cloudflare {
  type Env = { CREDENTIAL_SIGNING_KEY: string; ISSUED_CREDENTIALS: KVNamespace };
}
