import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/catalog/issues.ts";
import { parseSourceFile } from "../../src/catalog/source-file.ts";
import { projectRoot } from "../helpers/catalog-files.ts";

/** YAML syntax problems name the line and column where they are, not line 1. */
const lines = readFileSync(join(projectRoot, "schemes/uk-psti.yaml"), "utf8").split("\n");
const keyLine = lines.findIndex((l, i) => i > 100 && /^ {4}[a-zA-Z]+: /.test(l));

describe("YAML syntax problems carry their real position", () => {
  it("a duplicate key deep in a file reports its own line and column", () => {
    const edited = [...lines];
    edited.splice(keyLine + 1, 0, edited[keyLine] as string);
    const file = parseSourceFile("schemes/uk-psti.yaml", edited.join("\n"));
    expect(file.syntaxIssues).toHaveLength(1);
    const [issue] = file.syntaxIssues;
    expect(issue).toMatchObject({ line: keyLine + 2, column: 5 });
    expect(issue?.message).toContain("DUPLICATE_KEY");
    expect(formatIssue(issue as never)).toMatch(new RegExp(`^schemes/uk-psti.yaml:${keyLine + 2}:5 `));
  });

  it("one bad indent is reported where it is, once", () => {
    const edited = [...lines];
    edited[40] = ` ${edited[40]}`;
    const file = parseSourceFile("schemes/uk-psti.yaml", edited.join("\n"));
    expect(file.syntaxIssues.length).toBeGreaterThan(0);
    expect(file.syntaxIssues.length).toBeLessThanOrEqual(2);
    for (const issue of file.syntaxIssues) expect(issue.line).toBeGreaterThanOrEqual(40);
  });
});
