/**
 * RFC 4180 CSV for spreadsheets: UTF-8 (with a byte-order mark unless asked not to), CRLF line ends, every field quoted only when it must be (comma, quote, line
 * break), a header row first. Spreadsheet-safe: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * would be run as a formula by Excel, LibreOffice or Google Sheets, so it is written with a leading apostrophe (which
 * those programs hide); a cell that really starts with an apostrophe gets a second one, so `readCell` can undo the
 * escape exactly.
 */

export interface CsvTable {
  header: readonly string[];
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[];
}

const FORMULA_START = /^[=+\-@\t\r']/;

export function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of `escapeCell`, for re-reading an export. */
export function readCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? "" : escapeCell(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The UTF-8 byte-order mark. Excel (Japanese Windows above all) reads a CSV without one in the system code page, so
 * `title_ja` opens as mojibake; with it, every spreadsheet reads UTF-8. Machines that do not want it ask `bom: false`.
 */
export const BOM = "\uFEFF";

export function toCsv(table: CsvTable, options: { bom?: boolean } = {}): string {
  const text = [table.header, ...table.rows].map((row) => `${row.map(field).join(",")}\r\n`).join("");
  return options.bom === false ? text : `${BOM}${text}`;
}
