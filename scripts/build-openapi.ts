import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { apiTypesSource } from "./api-types.ts";
import { servedOpenApiDocument } from "./openapi-document.ts";
import { projectRoot, writeModule } from "./write-module.ts";

/**
 * `npm run build:openapi` (part of `npm run build`, after the catalog): writes the served OpenAPI document as a
 * module (generated/openapi.js — the tests validate every response against it, on Node and in workerd) and the
 * client's types generated from it (generated/api.d.ts, imported by `kakehashi/client`). Both are build output, like
 * the catalog: regenerated on every build, and a test fails when either differs from what the app serves now.
 */
const document = await servedOpenApiDocument();
writeModule("openapi", document, "declare const document: Record<string, unknown>;\nexport default document;");
const typesFile = join(projectRoot, "generated", "api.d.ts");
writeFileSync(typesFile, await apiTypesSource(document));
console.log(`OpenAPI document → generated/openapi.js, client types → generated/api.d.ts`);
