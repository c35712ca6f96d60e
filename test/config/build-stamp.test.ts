import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inputsDigest, upToDate, writeStamp } from "../../scripts/build-stamp.ts";

/**
 * `npm run build` is skipped only when no file it reads and no file it wrote changed since the last build
 * (scripts/build-stamp.ts): a skip on a changed input would test stale generated code.
 */
let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "kakehashi-build-stamp-"));
  write("src/app.ts", "export const app = 1;\n");
  write("schemes/jc-star/scheme.yaml", "id: jc-star\n");
  write("mappings/jc-star--uk-psti.yaml", "from: jc-star\n");
  write("scripts/build.ts", "// build\n");
  write("package.json", "{}\n");
  write("package-lock.json", "{}\n");
  write("tsconfig.json", "{}\n");
  write("generated/catalog.js", "export default {};\n");
  write("test/a.test.ts", "// a test\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the build's stamp", () => {
  it("is missing before the first build, and matches right after one", () => {
    expect(upToDate(root)).toBe(false);
    writeStamp(inputsDigest(root), root);
    expect(upToDate(root)).toBe(true);
  });

  it.each([
    ["an edited source", () => write("src/app.ts", "export const app = 2;\n")],
    ["a new source file", () => write("src/lib/new.ts", "export {};\n")],
    ["an edited scheme", () => write("schemes/jc-star/scheme.yaml", "id: jc-star\nname: x\n")],
    ["a new mapping", () => write("mappings/jc-star--sg-cls.yaml", "from: jc-star\n")],
    ["an edited build script", () => write("scripts/build.ts", "// build, changed\n")],
    ["a new lockfile", () => write("package-lock.json", '{"lockfileVersion":3}\n')],
    ["a changed tsconfig.json", () => write("tsconfig.json", '{"compilerOptions":{}}\n')],
    ["another install in node_modules", () => write("node_modules/.package-lock.json", '{"packages":{}}\n')],
    ["a generated file edited by hand", () => write("generated/catalog.js", "export default { x: 1 };\n")],
    ["a generated file added by one step run alone", () => write("generated/openapi.js", "export default {};\n")],
  ])("no longer matches after %s", (_, change) => {
    writeStamp(inputsDigest(root), root);
    change();
    expect(upToDate(root)).toBe(false);
  });

  it("does not match when a source was edited while the build ran", () => {
    const before = inputsDigest(root);
    write("src/app.ts", "export const app = 2;\n"); // saved after its step had read it
    writeStamp(before, root);
    expect(upToDate(root)).toBe(false);
  });

  it("still matches after a change to what the build does not read (tests), and after a change undone", () => {
    writeStamp(inputsDigest(root), root);
    write("test/a.test.ts", "// a test, changed\n");
    expect(upToDate(root)).toBe(true);
    write("src/app.ts", "export const app = 2;\n");
    write("src/app.ts", "export const app = 1;\n");
    expect(upToDate(root)).toBe(true);
  });
});
