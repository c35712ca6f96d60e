import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonSchemaFiles, renderJsonSchema } from "./json-schemas.ts";
import { projectRoot } from "./write-module.ts";

/** `npm run gen:schemas`: rewrites schemes/json-schema/*.schema.json; a test fails when they are stale. */
for (const [name, schema] of Object.entries(jsonSchemaFiles)) {
  writeFileSync(join(projectRoot, "schemes/json-schema", name), renderJsonSchema(schema));
  console.log(`schemes/json-schema/${name}`);
}
