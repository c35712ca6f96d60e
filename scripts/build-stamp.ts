import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "./write-module.ts";

/**
 * What the last build was made from and what it wrote, so that a build with nothing new to read is skipped: `npm ci`
 * builds (the `prepare` script), and `npm run verify`, `npm test` and `npm start` build again, the same bytes from
 * the same files (~8 s on two cores). The stamp holds a digest of every file the build reads and of every file it
 * wrote; a change to either — an edited source, a new lockfile, a generated file touched by hand or by one step run
 * alone — and the build runs in full.
 *
 * The inputs are every file the build opens outside node_modules (checked with strace, docs/decisions.md), and for
 * what it opens inside node_modules the lockfile and npm's record of what it actually installed
 * (node_modules/.package-lock.json, rewritten by every install).
 */
const inputFolders = ["src", "scripts", "schemes", "mappings"];
const inputFiles = ["package.json", "package-lock.json", "tsconfig.json", "node_modules/.package-lock.json"];
const outputFolder = "generated";
const stampName = ".build-stamp";

function filesUnder(root: string, folder: string): string[] {
  const absolute = join(root, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).replaceAll("\\", "/"));
}

/** A digest of the files' names and bytes, in a fixed order. */
function digestOf(root: string, files: string[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    const bytes = readFileSync(join(root, file));
    hash.update(`${file}\0${bytes.byteLength}\0`).update(bytes);
  }
  return hash.digest("hex");
}

/** The digest of the build's inputs as they are now: taken before a build, so that an edit made during it counts. */
export function inputsDigest(root = projectRoot): string {
  const inputs = [
    ...inputFolders.flatMap((folder) => filesUnder(root, folder)),
    ...inputFiles.filter((file) => existsSync(join(root, file))),
  ];
  return digestOf(root, inputs);
}

function outputsDigest(root: string): string {
  return digestOf(
    root,
    filesUnder(root, outputFolder).filter((file) => file !== `${outputFolder}/${stampName}`),
  );
}

const stampText = (inputs: string, outputs: string) => `inputs ${inputs}\noutputs ${outputs}\n`;

/** True when the last build's stamp matches the files as they are now. */
export function upToDate(root = projectRoot): boolean {
  const stamp = join(root, outputFolder, stampName);
  return existsSync(stamp) && readFileSync(stamp, "utf8") === stampText(inputsDigest(root), outputsDigest(root));
}

/**
 * Written after a build that finished, with the inputs' digest taken before it began: a file edited while the build
 * ran no longer matches, and the next build runs. A build that fails leaves the old stamp, which no longer matches.
 */
export function writeStamp(inputsBefore: string, root = projectRoot): void {
  writeFileSync(join(root, outputFolder, stampName), stampText(inputsBefore, outputsDigest(root)));
}
