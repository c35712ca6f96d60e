import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { writeModule } from "./write-module.ts";

/**
 * `npm run build:docs`: copies the Swagger UI assets the /docs page needs out of swagger-ui-dist into one ES
 * module, so that both runtimes serve them without a filesystem or a CDN.
 */
const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const assets = Object.fromEntries(
  ["swagger-ui.css", "swagger-ui-bundle.js"].map((name) => [name, readFileSync(join(dist, name), "utf8")]),
);
const out = writeModule(
  "docs-assets",
  assets,
  'import type { DocsAssets } from "../src/deps.ts";\ndeclare const docsAssets: DocsAssets;\nexport default docsAssets;',
);
console.log(`docs assets: ${Object.keys(assets).join(", ")} → ${out}`);
