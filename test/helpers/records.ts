import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./catalog-files.ts";

/** A real-shaped native record of a scheme, from test/fixtures/records/. */
export function recordFixture(scheme: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(projectRoot, "test/fixtures/records", `${scheme}.json`), "utf8"));
}
