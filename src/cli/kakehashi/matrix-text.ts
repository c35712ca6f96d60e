import type { components } from "../../client/index.ts";

/**
 * The matrix for a terminal. The full table (home levels down, foreign schemes across, verdicts in words) is some 340
 * characters wide, so it is printed only when it fits the width (or with `--wide`). Otherwise the table is turned
 * (foreign schemes down, home levels across, fewer columns than schemes), verdicts are short codes explained in a
 * legend below, and columns that still do not fit go to a further block under the first, each block repeating the
 * scheme names.
 */
type EquivalenceMatrix = components["schemas"]["EquivalenceMatrix"];
type Cell = EquivalenceMatrix["cells"][number];
type Verdict = Cell["verdict"];

const GAP = "  ";

const shortVerdict: Record<Verdict, string> = {
  recognized: "REC",
  "partially-recognized": "PART",
  "simplified-procedure": "SIMP",
  "analytically-equivalent": "EQUIV",
  "not-equivalent": "no",
};

const verdictWords: Record<Verdict, string> = {
  recognized: "recognized",
  "partially-recognized": "partially recognized",
  "simplified-procedure": "simplified procedure",
  "analytically-equivalent": "equivalent by analysis only",
  "not-equivalent": "not equivalent",
};

/** `width`: the terminal's columns; `Infinity` for the full table whatever its width. */
export function matrixText(m: EquivalenceMatrix, width = Number.POSITIVE_INFINITY): string {
  const levels = [...new Set(m.cells.map((c) => c.from.level))];
  const cell = (level: string, scheme: string) => m.cells.find((c) => c.from.level === level && c.to === scheme);
  const title = `${m.from} levels against every foreign scheme on ${m.asOf}${m.category ? ` (${m.category})` : ""}:`;
  const full = [
    ["", ...m.schemes],
    ...levels.map((level) => [
      level,
      ...m.schemes.map((s) => {
        const c = cell(level, s);
        return c ? `${c.verdict}${c.bestCoveredLevel ? ` (${c.bestCoveredLevel})` : ""}` : "";
      }),
    ]),
  ];
  const wide = table(full);
  if (Math.max(...wide.map((line) => line.length)) <= width) return `${[title, "", ...wide].join("\n")}\n`;

  const turned = [
    ["", ...levels],
    ...m.schemes.map((s) => [
      s,
      ...levels.map((level) => {
        const c = cell(level, s);
        return c ? `${shortVerdict[c.verdict]}${c.bestCoveredLevel ? ` (${c.bestCoveredLevel})` : ""}` : "";
      }),
    ]),
  ];
  const used = new Set(m.cells.map((c) => c.verdict));
  const legend = [
    ...(Object.keys(shortVerdict) as Verdict[])
      .filter((v) => used.has(v))
      .map((v) => `${shortVerdict[v]} = ${verdictWords[v]}`),
    "(level) = the best fully covered level",
    "--wide for the full table",
  ].join(" · ");
  return `${[...wrap(title, width), "", ...fitWidth(turned, width), "", ...wrap(legend, width)].join("\n")}\n`;
}

/** Rows as lines, each column as wide as its widest cell, two spaces between; no trailing spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r
      .map((text, i) => text.padEnd(widths[i] ?? 0))
      .join(GAP)
      .trimEnd(),
  );
}

/**
 * The table within `width`: the first column (names) on every block, the other columns in as many blocks as it
 * takes; a cell too long even for a block of its own is cut with "…".
 */
function fitWidth(rows: readonly (readonly string[])[], width: number): string[] {
  const widthOf = (i: number) => Math.max(...rows.map((r) => (r[i] ?? "").length));
  const names = Math.min(widthOf(0), Math.max(8, Math.floor(width / 2)));
  const room = width - names - GAP.length;
  const columns = (rows[0]?.length ?? 1) - 1;
  const blocks: number[][] = [];
  let block: number[] = [];
  let used = 0;
  for (let i = 1; i <= columns; i++) {
    const w = Math.min(widthOf(i), room);
    const needed = block.length > 0 ? used + GAP.length + w : w;
    if (block.length > 0 && needed > room) {
      blocks.push(block);
      block = [i];
      used = w;
    } else {
      block.push(i);
      used = needed;
    }
  }
  if (block.length > 0) blocks.push(block);
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text);
  return blocks.flatMap((cols, b) => [
    ...(b > 0 ? [""] : []),
    ...table(rows.map((r) => [cut(r[0] ?? "", names), ...cols.map((i) => cut(r[i] ?? "", room))])),
  ]);
}

/** Words to lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
