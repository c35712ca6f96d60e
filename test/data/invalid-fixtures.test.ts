import { describe, expect, it } from "vitest";
import { validateFiles } from "../../src/catalog/compile.ts";
import { formatIssue } from "../../src/catalog/issues.ts";
import { dataFilesWith, readFixtures } from "../helpers/catalog-files.ts";

const valid = readFixtures("test/fixtures/valid");
const invalid = readFixtures("test/fixtures/invalid");

describe("data-file checks", () => {
  it.each(valid.map((f) => [f.name, f] as const))(
    "accepts the valid fixture %s beside the real catalog",
    (_, fixture) => {
      expect(validateFiles(dataFilesWith([fixture.file])).issues.map(formatIssue)).toEqual([]);
    },
  );

  it("has an invalid fixture for each check family", () => {
    const prefixes = new Set(invalid.map((f) => f.name.split("-")[0]));
    expect([...prefixes].sort()).toEqual([
      "arrangement",
      "crosswalk",
      "ja",
      "market",
      "record",
      "scheme",
      "vocabulary",
    ]);
    expect(invalid.length).toBeGreaterThanOrEqual(25);
  });

  it.each(invalid.map((f) => [f.name, f] as const))(
    "rejects %s with exactly one problem naming the file, line and field",
    (_, fixture) => {
      expect(fixture.expect, "fixture needs an # expect: header").toBeDefined();
      const messages = validateFiles(dataFilesWith([fixture.file])).issues.map(formatIssue);
      expect(messages).toHaveLength(1);
      const [message = ""] = messages;
      expect(message.startsWith(`${fixture.file.path}:`)).toBe(true);
      expect(message).toMatch(/^[^:]+:\d+(:\d+)? /);
      expect(message).toContain(fixture.expect);
    },
  );
});
