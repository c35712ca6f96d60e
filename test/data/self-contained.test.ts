import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import openApiDocument from "../../generated/openapi.js";
import { projectRoot } from "../helpers/catalog-files.ts";

/**
 * The repository explains itself: no file a user's clone has, and no text the service serves, points at notes
 * outside it (the team's working notes lived beside the repository while it was built).
 */
const outside = /\.\.\/shared|reference §|\b(?:registries|schemes|mapping-models|runtime|design|style)\.md\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("the repository explains itself", () => {
  it("README, docs/, src/, schemes/ and mappings/ point at nothing outside the repository", () => {
    const roots = ["docs", "src", "schemes", "mappings"].map((d) => join(projectRoot, d));
    const offending = [join(projectRoot, "README.md"), ...roots.flatMap(files)].flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (outside.test(line) ? [`${relative(projectRoot, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });

  it("every served note and description is self-contained", () => {
    for (const served of [JSON.stringify(catalogBundle), JSON.stringify(openApiDocument)]) {
      expect(served.match(new RegExp(`.{0,60}(?:${outside.source}).{0,60}`))?.[0]).toBeUndefined();
    }
  });

  it("the README says where to look first: the web view, the API docs and docs/", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    const afterSetUp = readme.slice(readme.indexOf("npm ci && npm start"));
    const firstLines = afterSetUp.split("\n").slice(0, 12).join("\n");
    for (const place of ["`/`", "`/docs`", "`docs/`"]) expect(firstLines).toContain(place);
  });

  it("the README is a quick start: at most 150 lines, holding the test command CI runs", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(150);
    // .ci/run runs "the README's test command": the two must stay the same line.
    const ci = readFileSync(join(projectRoot, ".ci/run"), "utf8");
    const command = "npm ci && npm run verify";
    expect(ci.split("\n")).toContain(command);
    expect(readme).toContain(`\`\`\`sh\n${command}\n\`\`\``);
  });

  it("every relative link in the README and docs/ reaches a file, and a heading where it names one", () => {
    const markdown = [
      join(projectRoot, "README.md"),
      ...files(join(projectRoot, "docs")).filter((f) => f.endsWith(".md")),
    ];
    const broken = markdown.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\]\(([^)\s]+)\)/g)].flatMap(([, target = ""]) => {
        if (/^[a-z]+:/.test(target)) return [];
        const [path = "", fragment] = target.split("#");
        const resolved = path ? join(dirname(file), path) : file;
        if (!existsSync(resolved)) return [`${relative(projectRoot, file)}: ${target}`];
        if (fragment && resolved.endsWith(".md") && !headingSlugs(resolved).has(fragment))
          return [`${relative(projectRoot, file)}: ${target} (no such heading)`];
        return [];
      }),
    );
    expect(broken).toEqual([]);
  });
});

/** GitHub's anchors for a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingSlugs(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set(
    [...text.matchAll(/^#+ (.+)$/gm)].map(([, heading = ""]) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\- _]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}
