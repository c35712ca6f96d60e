import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileCatalog } from "../../catalog/compile.ts";
import { CatalogError } from "../../catalog/issues.ts";
import { readDataFiles } from "../../catalog/read-files.ts";
import { diffAnswers } from "../../review/answer-diff.ts";
import { diffMarkdown } from "../../review/report-markdown.ts";
import { AnswerError } from "./errors.ts";

/**
 * `kakehashi diff --base <ref>`: the data files at `ref` (schemes/ and mappings/ from `git archive`, into a temporary
 * folder) and in the working tree, each compiled by the current code, then every answer compared.
 */
export async function diffCommand(ref: string, root: string, json: boolean): Promise<string> {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  let top: string;
  let commit: string;
  try {
    top = git("rev-parse", "--show-toplevel");
  } catch {
    throw new AnswerError(`${root} is not inside a git repository`);
  }
  try {
    commit = git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
  } catch {
    throw new AnswerError(
      `base ${ref} is not in this checkout (a shallow or single-commit clone?); nothing to compare`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-base-"));
  try {
    const present = ["schemes", "mappings"].filter((folder) => {
      try {
        git("cat-file", "-e", `${commit}:${folder}`);
        return true;
      } catch {
        return false;
      }
    });
    if (present.length > 0) {
      // The data folders' archive runs to megabytes (every language's texts): past execFileSync's 1 MiB default.
      const archive = execFileSync("git", ["archive", "--format=tar", commit, ...present], {
        cwd: top,
        maxBuffer: 512 * 1024 * 1024,
      });
      execFileSync("tar", ["-x", "-C", dir], { input: archive });
    }
    const build = (where: string, label: string) => {
      try {
        return compileCatalog(readDataFiles(where));
      } catch (error) {
        if (error instanceof CatalogError) {
          throw new AnswerError(
            `the catalog at ${label} does not build (${error.issues.length} problem(s); run kakehashi validate)`,
          );
        }
        throw error;
      }
    };
    const base = build(dir, ref);
    const head = build(top, "the working tree");
    const diff = diffAnswers(base, head, [new Date().toISOString().slice(0, 10)]);
    return json ? `${JSON.stringify({ baseRef: ref, ...diff }, null, 2)}\n` : diffMarkdown(diff, ref);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
