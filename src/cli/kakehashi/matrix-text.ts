import type { components } from "../../client/index.ts";
import type { Translate } from "../../i18n/messages.ts";
import type { CatalogNames } from "./catalog-names.ts";
import { displayWidth } from "./format.ts";

/**
 * The matrix for a terminal. The full table (home levels down, foreign schemes across, verdicts in words) is some 340
 * characters wide, so it is printed only when it fits the width (or with `--wide`). Otherwise the table is turned
 * (foreign schemes down, home levels across, fewer columns than schemes), verdicts are short codes explained in a
 * legend below, and columns that still do not fit go to a further block under the first, each block repeating the
 * scheme names. Schemes and levels by their names (CatalogNames), verdicts in the command's language; widths are
 * counted in terminal columns (a Japanese character takes two).
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

/** `width`: the terminal's columns; `Infinity` for the full table whatever its width. */
export function matrixText(
  m: EquivalenceMatrix,
  names: CatalogNames,
  t: Translate,
  width = Number.POSITIVE_INFINITY,
): string {
  const levels = [...new Set(m.cells.map((c) => c.from.level))];
  const cell = (level: string, scheme: string) => m.cells.find((c) => c.from.level === level && c.to === scheme);
  const best = (c: Cell) => (c.bestCoveredLevel ? ` (${names.level(c.to, c.bestCoveredLevel)})` : "");
  const title = t("cli.matrix.title", {
    from: names.scheme(m.from),
    date: m.asOf,
    category: m.category ? `, ${names.category(m.category)}` : "",
  });
  const full = [
    ["", ...m.schemes.map((s) => names.scheme(s))],
    ...levels.map((level) => [
      names.level(m.from, level),
      ...m.schemes.map((s) => {
        const c = cell(level, s);
        return c ? `${t(`verdict.${c.verdict}`)}${best(c)}` : "";
      }),
    ]),
  ];
  const wide = table(full);
  if (Math.max(...wide.map((line) => displayWidth(line))) <= width) {
    return `${[title, "", ...wide, "", t("cli.matrix.best")].join("\n")}\n`;
  }

  const turned = [
    ["", ...levels.map((level) => names.level(m.from, level))],
    ...m.schemes.map((s) => [
      names.scheme(s),
      ...levels.map((level) => {
        const c = cell(level, s);
        return c ? `${shortVerdict[c.verdict]}${best(c)}` : "";
      }),
    ]),
  ];
  const used = new Set(m.cells.map((c) => c.verdict));
  const legend = [
    ...(Object.keys(shortVerdict) as Verdict[])
      .filter((v) => used.has(v))
      .map((v) => `${shortVerdict[v]} = ${t(`verdict.${v}`)}`),
    t("cli.matrix.best"),
    t("cli.matrix.wide"),
  ].join(" · ");
  return `${[...wrap(title, width), "", ...fitWidth(turned, width), "", ...wrap(legend, width)].join("\n")}\n`;
}

/** Rows as lines, each column as wide as its widest cell, two spaces between; no trailing spaces. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ""))));
  return rows.map((r) =>
    r
      .map((text, i) => text + " ".repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(text))))
      .join(GAP)
      .trimEnd(),
  );
}

/**
 * The table within `width`: the first column (names) on every block, the other columns in as many blocks as it
 * takes; a cell too long even for a block of its own is cut with "…".
 */
function fitWidth(rows: readonly (readonly string[])[], width: number): string[] {
  const widthOf = (i: number) => Math.max(...rows.map((r) => displayWidth(r[i] ?? "")));
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
  const cut = (text: string, max: number) => {
    if (displayWidth(text) <= max) return text;
    let kept = "";
    for (const ch of text) {
      if (displayWidth(`${kept}${ch}`) > max - 1) break;
      kept += ch;
    }
    return `${kept}…`;
  };
  return blocks.flatMap((cols, b) => [
    ...(b > 0 ? [""] : []),
    ...table(rows.map((r) => [cut(r[0] ?? "", names), ...cols.map((i) => cut(r[i] ?? "", room))])),
  ]);
}

/**
 * Words to lines of at most `width` columns; a word wider than that (Japanese runs have no spaces) is broken between
 * characters.
 */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").flatMap((w) => pieces(w, width))) {
    if (line && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function pieces(word: string, width: number): string[] {
  const out: string[] = [];
  let piece = "";
  for (const ch of word) {
    if (piece && displayWidth(piece + ch) > width) {
      out.push(piece);
      piece = "";
    }
    piece += ch;
  }
  return piece ? [...out, piece] : out;
}
