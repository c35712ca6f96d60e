import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { transformSync } from "esbuild";
import { inlineCssVars } from "./inline-css-vars.ts";
import { projectRoot, writeModule } from "./write-module.ts";

/**
 * `npm run build:docs`: the static assets — Swagger UI's files for /docs and the web view's stylesheet — written
 * twice: as one ES module that Node serves from memory, and as plain files in `generated/public/`, the directory
 * wrangler uploads as the Worker's static assets (served before the script runs, so they never weigh on it).
 */
const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const assets: Record<string, string> = Object.fromEntries(
  ["swagger-ui.css", "swagger-ui-bundle.js"].map((name) => [name, readFileSync(join(dist, name), "utf8")]),
);
// Minified (the source keeps its comments), its custom properties inlined: every page is held to 60 KB of HTML + CSS.
assets["style.css"] = transformSync(inlineCssVars(readFileSync(join(projectRoot, "src/web/style.css"), "utf8")), {
  loader: "css",
  minify: true,
}).code;

// The /verify page's scanner: jsQR (a QR decoder, global jsQR) and the page's own script, minified like the stylesheet.
const jsqr = createRequire(import.meta.url).resolve("jsqr/dist/jsQR.js");
assets["jsqr.js"] = transformSync(readFileSync(jsqr, "utf8"), { loader: "js", minify: true }).code;
assets["verify.js"] = transformSync(readFileSync(join(projectRoot, "src/web/verify.js"), "utf8"), {
  loader: "js",
  minify: true,
}).code;

const out = writeModule(
  "docs-assets",
  assets,
  'import type { DocsAssets } from "../src/deps.ts";\ndeclare const docsAssets: DocsAssets;\nexport default docsAssets;',
);
// The stylesheet's URL carries a hash of its content, so browsers may keep it for a year.
writeModule(
  "asset-versions",
  { "style.css": createHash("sha256").update(assets["style.css"]).digest("hex").slice(0, 12) },
  'declare const assetVersions: { "style.css": string };\nexport default assetVersions;',
);
const publicFiles: Record<string, string> = {
  "docs/assets/swagger-ui.css": assets["swagger-ui.css"] ?? "",
  "docs/assets/swagger-ui-bundle.js": assets["swagger-ui-bundle.js"] ?? "",
  "assets/style.css": assets["style.css"],
  "assets/jsqr.js": assets["jsqr.js"],
  "assets/verify.js": assets["verify.js"],
};
for (const [path, body] of Object.entries(publicFiles)) {
  const file = join(projectRoot, "generated/public", path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, body);
}
console.log(`static assets: ${Object.keys(assets).join(", ")} → ${out} and generated/public/`);
