#!/usr/bin/env node
// The `kakehashi` command. Its code is bundled by `npm run build` (run by `npm ci` through `prepare`) into generated/.
import { existsSync } from "node:fs";

const bundle = new URL("../generated/kakehashi.js", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("kakehashi: not built yet; run npm run build (npm ci does it) in the repository\n");
  process.exit(3);
}
await import(bundle.href);
