import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import catalog from "../../generated/catalog.js";
import { createApp } from "../app.ts";
import { AnswerCache } from "../cache/answer-cache.ts";
import { CatalogIndex } from "../catalog/catalog-index.ts";
import { systemClock } from "../deps.ts";

/**
 * `npm run lint:openapi` step one: writes the OpenAPI document the app serves at /openapi.json to a file, so that
 * Spectral can lint exactly what clients receive.
 */
const out = resolve(process.argv[2] ?? "dist/openapi.json");
const silent = { info() {}, warn() {}, error() {} };
const app = createApp({
  catalog: new CatalogIndex(catalog),
  answers: AnswerCache.inMemory(silent),
  logger: silent,
  clock: systemClock,
  runtime: "node",
});
const response = await app.request("/openapi.json");
if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(await response.json(), null, 2)}\n`);
console.log(`OpenAPI document → ${out}`);
