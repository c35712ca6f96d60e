import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { servedOpenApiDocument } from "./openapi-document.ts";

/**
 * `npm run lint:openapi` step one: writes the OpenAPI document the app serves at /openapi.json to a file, so that
 * Spectral can lint exactly what clients receive.
 */
const out = resolve(process.argv[2] ?? "dist/openapi.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(await servedOpenApiDocument(), null, 2)}\n`);
console.log(`OpenAPI document → ${out}`);
