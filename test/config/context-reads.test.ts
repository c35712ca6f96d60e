import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";

/**
 * The middleware every request runs reads its context variables with `c.get(name)`: Hono's `c.var` getter copies the
 * whole variable map into a new object on each read (Object.fromEntries), a cost paid per read per request
 * (docs/decisions.md, Speed: "Context reads by name").
 */
const hotPath = [
  "src/app.ts",
  ...readdirSync(join(projectRoot, "src/middleware")).map((name) => `src/middleware/${name}`),
  "src/lib/catalog-etag.ts",
  "src/routes/translations/translations.handlers.ts",
  "src/routes/health/health.index.ts",
];

describe("context variables on the request path", () => {
  it("are read with c.get, never through c.var", () => {
    const readers = hotPath.filter((file) => /\bc\.var\b/.test(readFileSync(join(projectRoot, file), "utf8")));
    expect(readers.map((file) => relative(".", file))).toEqual([]);
  });
});
