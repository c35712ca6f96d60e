import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./catalog-files.ts";

/**
 * The repository's own data files for JC-STAR, UK PSTI and Singapore CLS only: the three schemes, the vocabulary and
 * glossary, the JC-STAR → UK PSTI crosswalk, the UK regulations that recognise JC-STAR ★1 and CLS labels
 * (uk-si-2025-1267), the three record maps, and their ja/ companion files. They build a valid catalog on their own
 * (test/cli/kakehashi-cli.test.ts checks it with `kakehashi validate`).
 *
 * For tests of a command that reads a data folder (`kakehashi diff`, `kakehashi validate --root`): what they test is the
 * command — git refs, exit codes, output — and the full catalog costs them ~13² questions per answer diff instead of
 * ~3², and a megabyte of YAML per read. The full catalog's checks and diffs are tested in test/data and test/review.
 */
const prefixes = [
  "schemes/jc-star.yaml",
  "schemes/uk-psti.yaml",
  "schemes/sg-cls.yaml",
  "schemes/vocabulary/",
  "mappings/crosswalks/jc-star__uk-psti.yaml",
  "mappings/arrangements/uk-si-2025-1267.yaml",
  "mappings/records/jc-star.yaml",
  "mappings/records/uk-psti.yaml",
  "mappings/records/sg-cls.yaml",
];

/** Copies the three schemes' data files (with their companion files) from the repository into `root`. */
export function copyThreeSchemeCatalog(root: string): string[] {
  // A companion file (`schemes/ja/jc-star.yaml`) goes with the file it translates (`schemes/jc-star.yaml`).
  const paths = ["schemes", "mappings"]
    .flatMap((folder) => readdirSync(join(projectRoot, folder), { recursive: true }).map((f) => `${folder}/${f}`))
    .filter((path) => /\.ya?ml$/.test(path))
    .filter((path) => prefixes.some((prefix) => path.replace(/(^|\/)ja\//, "$1").startsWith(prefix)))
    .sort();
  for (const path of paths) cpSync(join(projectRoot, path), join(root, path));
  return paths;
}
