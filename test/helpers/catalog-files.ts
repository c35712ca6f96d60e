import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readDataFiles } from "../../src/catalog/read-files.ts";
import { parseSourceFile, type SourceFile } from "../../src/catalog/source-file.ts";

export const projectRoot = resolve(import.meta.dirname, "../..");

let repositoryFiles: SourceFile[] | undefined;

/** The repository's data files (parsed once per test file), with `extra` files added or replacing same-path ones. */
export function dataFilesWith(extra: readonly SourceFile[] = []): SourceFile[] {
  repositoryFiles ??= readDataFiles(projectRoot);
  const replaced = new Set(extra.map((file) => file.path));
  return [...repositoryFiles.filter((file) => !replaced.has(file.path)), ...extra];
}

/**
 * A fixture file names where it goes in the catalog (`# path: schemes/x.yaml`) and, for invalid fixtures, the
 * problem it must produce (`# expect: …`, matched against `file:line field: message`).
 */
export interface Fixture {
  name: string;
  file: SourceFile;
  expect: string | undefined;
}

export function readFixtures(folder: string): Fixture[] {
  const dir = join(projectRoot, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), "utf8");
      const path = /^# path: (.+)$/m.exec(text)?.[1];
      if (!path) throw new Error(`${folder}/${name} lacks a "# path:" header`);
      return { name, file: parseSourceFile(path.trim(), text), expect: /^# expect: (.+)$/m.exec(text)?.[1]?.trim() };
    });
}
