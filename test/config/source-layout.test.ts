import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";

/**
 * Build tools live in scripts/, apart from the code that runs: src/ is what the service and the shipped command run,
 * scripts/ what `npm run build` and friends run (docs/architecture.md, "Where things are").
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const scripts = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;

describe("build tools are kept apart from the shipped code", () => {
  it("every build and generation step runs a file in scripts/, none in src/", () => {
    const steps = Object.entries(scripts).filter(([name]) => /^(build:|gen:|lint:openapi$)/.test(name));
    expect(steps.length).toBeGreaterThan(0);
    for (const [name, command] of steps) {
      expect(command, name).not.toMatch(/\bsrc\//);
      expect(command, name).toMatch(/\btsx scripts\/[\w-]+\.ts\b/);
    }
  });

  it("nothing in src/ imports from scripts/", () => {
    const offending = sourceFiles(join(projectRoot, "src")).filter((file) =>
      /from "(?:\.\.\/)+scripts\//.test(readFileSync(file, "utf8")),
    );
    expect(offending.map((file) => relative(projectRoot, file))).toEqual([]);
  });
});
