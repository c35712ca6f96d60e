import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseSourceFile, type SourceFile } from "./source-file.ts";

/**
 * Reads every YAML data file under `<root>/schemes` and `<root>/mappings` (build time and tests only: Workers have no
 * filesystem and get the compiled bundle instead). Sorted, so the digest does not depend on directory order.
 */
export function readDataFiles(root: string): SourceFile[] {
  const paths: string[] = [];
  for (const top of ["schemes", "mappings"]) walk(join(root, top), paths);
  return paths
    .map((absolute) => relative(root, absolute).split(sep).join("/"))
    .sort()
    .map((path) => parseSourceFile(path, readFileSync(join(root, path), "utf8")));
}

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
}
