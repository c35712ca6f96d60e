import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";

/**
 * The app uses its libraries through their documented interfaces only: no module writes a library's internal state
 * (docs/decisions.md, "Domain code pure, bodies read through Hono's readers"). Hono keeps a request's body in
 * `HonoRequest.bodyCache`, an implementation detail its readers (c.req.json(), c.req.text(), …) manage; the body
 * rules once replaced it to hand the validator a decoded text.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sourceFiles(join(projectRoot, "src")).map((file) => ({
  file: relative(projectRoot, file),
  text: readFileSync(file, "utf8"),
}));

describe("no module under src/ touches a library's internals", () => {
  it("nothing names Hono's body cache", () => {
    expect(files.filter(({ text }) => /\bbodyCache\b/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it("nothing assigns to a property of Hono's request object (c.req.… = …)", () => {
    const assigns = /\bc\.req\.[\w$]+(?:\s+as\s+[^)]*)?\)?\s*=(?!=)|\(\s*c\.req\.[\w$]+[^)]*\)\s*=(?!=)/;
    expect(files.filter(({ text }) => assigns.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
