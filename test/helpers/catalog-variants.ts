import { compileCatalog } from "../../src/catalog/compile.ts";
import type { Catalog } from "../../src/catalog/model.ts";
import { parseSourceFile } from "../../src/catalog/source-file.ts";
import { dataFilesWith } from "./catalog-files.ts";

/** The repository's catalog with one data file's text edited (as the review diff's tests make a "head" catalog). */
export function editedCatalog(path: string, edit: (text: string) => string): Catalog {
  const file = dataFilesWith().find((f) => f.path === path);
  if (!file) throw new Error(`no data file ${path}`);
  const text = edit(file.text);
  if (text === file.text) throw new Error(`the edit changed nothing in ${path}`);
  return compileCatalog(dataFilesWith([parseSourceFile(path, text)]));
}

/**
 * The UK regulations that recognise JC-STAR ★1 for UK PSTI moved to come into force in 2099: under it a ★1 label's
 * answer for uk-psti is no longer `recognized` (today it is).
 */
export function ukRecognitionPostponed(): Catalog {
  return editedCatalog("mappings/arrangements/uk-si-2025-1267.yaml", (text) =>
    text.replace(/^effectiveFrom: 2025-12-04$/m, "effectiveFrom: 2099-01-01"),
  );
}
