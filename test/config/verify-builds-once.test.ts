import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/catalog-files.ts";

/**
 * `npm run verify` builds once (docs/decisions.md, "Where the suite's time went"): `typecheck` and `test` each have a
 * `pre` script that builds, for when they are run alone, so verify runs them with `--ignore-scripts` (npm then runs
 * the named script but no pre- or post-script, and the flag reaches the npm commands they start).
 */
const scripts = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;

/** The scripts `npm run <name>` runs, in order, following pre-scripts and nested `npm run` / `npm test` as npm does. */
function expand(name: string, ignoreScripts = false): string[] {
  const command = scripts[name];
  if (command === undefined) throw new Error(`no script ${name}`);
  const pre = !ignoreScripts && scripts[`pre${name}`] !== undefined ? expand(`pre${name}`, ignoreScripts) : [];
  const nested = [...command.matchAll(/\bnpm (?:run ((?:-\S+ )*)([\w:-]+)|(test)\b)/g)].flatMap((match) =>
    expand(match[2] ?? "test", ignoreScripts || /--ignore-scripts\b/.test(match[1] ?? "")),
  );
  return [...pre, name, ...nested];
}

describe("npm run verify", () => {
  it("builds exactly once, first, and still typechecks, lints, tests and lints the OpenAPI document", () => {
    const steps = expand("verify");
    expect(steps.filter((step) => step === "build")).toHaveLength(1);
    expect(steps[1]).toBe("build");
    for (const step of ["typecheck", "lint", "test", "lint:openapi"]) expect(steps).toContain(step);
  });

  it("typecheck and test alone still build first", () => {
    expect(expand("typecheck").slice(0, 2)).toEqual(["pretypecheck", "build"]);
    expect(expand("test").slice(0, 2)).toEqual(["pretest", "build"]);
  });
});
