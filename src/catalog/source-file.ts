import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { type CatalogIssue, fieldPath } from "./issues.ts";

/**
 * One YAML data file, parsed with its positions kept so that any field path can be turned back into a line number —
 * both for zod's shape errors and for the cross-file checks that run after it.
 */
export interface SourceFile {
  /** Path relative to the data root, e.g. `schemes/jc-star.yaml`: what messages show. */
  path: string;
  text: string;
  data: unknown;
  /** The 1-based line of the deepest node that exists along `path` (the parent, when the field is missing). */
  lineOf(path: readonly PropertyKey[]): number;
  /** YAML syntax problems (bad indentation, duplicate keys, tabs): reported before any schema check. */
  syntaxIssues: CatalogIssue[];
}

export function parseSourceFile(path: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Positions come from the line counter (the errors' own linePos is only filled in by prettyErrors, whose messages
  // repeat the source). One problem per line: a single bad indent makes the parser report several at the same spot.
  const syntaxIssues: CatalogIssue[] = [];
  const seen = new Set<number>();
  for (const error of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (seen.has(line)) continue;
    seen.add(line);
    syntaxIssues.push({
      file: path,
      line,
      column: col,
      field: "",
      message: `YAML ${error.code}: ${error.message.split("\n")[0]}`,
    });
  }
  syntaxIssues.sort((a, b) => a.line - b.line);
  const data = doc.errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 0 });
  return {
    path,
    text,
    data,
    syntaxIssues,
    lineOf: (fieldPathParts) => lineOfPath(doc, lineCounter, fieldPathParts),
  };
}

function lineOfPath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let line = startLine(node, lineCounter) ?? 1;
  for (const part of path) {
    const next = childOf(node, part);
    if (next === undefined) break;
    node = next;
    line = startLine(node, lineCounter) ?? line;
  }
  return line;
}

function childOf(node: unknown, part: PropertyKey): unknown {
  if (isSeq(node) && typeof part === "number") return node.items[part];
  if (isMap(node)) {
    const pair = node.items.find((item) => String((item.key as { value?: unknown })?.value) === String(part));
    // Point at the key for scalars (the line a reviewer reads), at the value for collections.
    if (!pair) return undefined;
    return isMap(pair.value) || isSeq(pair.value) ? pair.value : (pair.key ?? pair.value);
  }
  return undefined;
}

function startLine(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

export function issueAt(file: SourceFile, path: readonly PropertyKey[], message: string): CatalogIssue {
  return { file: file.path, line: file.lineOf(path), field: fieldPath(path), message };
}
