import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/cli/csv.ts";
import { escapeCell, readCell, toCsv } from "../../src/exports/csv.ts";
import { crosswalkColumns, crosswalkTable, equivalenceTable } from "../../src/exports/csv-tables.ts";
import { ask, catalogIndex } from "../helpers/engine.ts";

/** Reads an export back: header row, then one object per line keyed by the header, escapes undone. */
function readBack(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) =>
    Object.fromEntries((header?.cells ?? []).map((name, i) => [name, readCell(row.cells[i] ?? "")])),
  );
}

describe("CSV exports", () => {
  it("round-trips every crosswalk row: exported and re-read, the rows are equal", () => {
    const sets = catalogIndex.crosswalks();
    const text = toCsv(crosswalkTable(sets));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.startsWith("\uFEFFcrosswalk,")).toBe(true); // the byte-order mark by default; parseCsv skips it
    expect(toCsv(crosswalkTable(sets), { bom: false })).toBe(text.slice(1));
    const lines = readBack(text);
    const reread = lines.map((line) => ({
      set: line.crosswalk,
      row: {
        id: line.row,
        source:
          line.source_mode === "single"
            ? line.source
            : { mode: line.source_mode, requirements: (line.source ?? "").split(";") },
        target: line.target,
        relationship: line.relationship,
        rationale: line.rationale,
        strength: Number(line.strength),
        coverage: Number(line.coverage),
        authority: line.authority,
        qualifiers: line.qualifiers
          ? (line.qualifiers ?? "").split("\n").map((q) => {
              const at = q.indexOf(": ");
              return { kind: q.slice(0, at), text: q.slice(at + 2) };
            })
          : [],
        ...(line.note ? { note: line.note } : {}),
        provenance: {
          confidence: line.confidence,
          cites: line.cites
            ? (line.cites ?? "").split("\n").map((c) => {
                const at = c.indexOf(": ");
                return at < 0 ? { source: c } : { source: c.slice(0, at), locator: c.slice(at + 2) };
              })
            : [],
          ...(line.provenance_note ? { note: line.provenance_note } : {}),
        },
      },
    }));
    const original = sets.flatMap((set) => set.rows.map((row) => ({ set: set.id, row })));
    expect(reread).toEqual(original);
    expect(Object.keys(lines[0] ?? {})).toEqual([...crosswalkColumns]);
  });

  it("is spreadsheet-safe: a cell starting with =, +, -, @ is never a formula, and reads back unchanged", () => {
    const nasty = [
      '=HYPERLINK("http://x")',
      "+1",
      "-2+3",
      "@SUM(A1)",
      "'quoted",
      "\tTab",
      "plain, with comma",
      'say "hi"',
      "two\nlines",
    ];
    const text = toCsv({ header: ["value"], rows: nasty.map((v) => [v]) });
    const cells = parseCsv(text)
      .slice(1)
      .map((r) => r.cells[0] ?? "");
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells.map(readCell)).toEqual(nasty);
    expect(escapeCell("=1")).toBe("'=1");
    expect(escapeCell("S1.1-02")).toBe("S1.1-02");
  });

  it("lists undetermined requirements with their reason and undecided paths, and each row's hub provisions", () => {
    const answer = ask("jc-star:STAR-1", "us-ctm", "2026-07-01");
    const lines = readBack(toCsv(equivalenceTable(answer)));
    const undetermined = answer.coverage.levels.flatMap((l) => l.undetermined.map((u) => ({ l: l.level, u })));
    expect(undetermined.length).toBeGreaterThan(0);
    const rows = lines.filter((l) => l.state === "undetermined");
    expect(rows.map((r) => `${r.to_level}:${r.requirement}`)).toEqual(
      undetermined.map(({ l, u }) => `${l}:${u.requirement}`),
    );
    for (const [i, { u }] of undetermined.entries()) {
      const row = rows[i];
      expect(row?.undetermined_reason?.startsWith(u.reason)).toBe(true);
      expect(row?.path ?? "").toBe(u.paths.map((p) => p.join(" > ")).join(";"));
      for (const p of u.provisions) expect(row?.provisions ?? "").toContain(`${p.provision} ${p.standing}`);
    }
  });

  it("lists one equivalence answer's requirements as covered, partial, missing and no-mapping", () => {
    const answer = ask("jc-star:STAR-1", "uk-psti", "2026-06-01");
    const lines = readBack(toCsv(equivalenceTable(answer)));
    const covered = answer.coverage.levels.flatMap((l) => l.covered.map((m) => `${l.level}:${m.requirement}`));
    expect(lines.filter((l) => l.state === "covered").map((l) => `${l.to_level}:${l.requirement}`)).toEqual(covered);
    // Answers that carry a separate no-mapping list (beside missing) are listed with that state.
    const level = answer.coverage.levels[0];
    if (!level) throw new Error("no level");
    const withNoMapping = {
      ...answer,
      coverage: {
        ...answer.coverage,
        levels: [
          {
            ...level,
            noMapping: [{ requirement: "X-9", title: null, work: null, gapNote: "no counterpart", provisions: [] }],
          },
        ],
      },
    };
    const rows = readBack(toCsv(equivalenceTable(withNoMapping)));
    expect(rows.at(-1)).toMatchObject({ requirement: "X-9", state: "no-mapping", gap_note: "no counterpart" });
  });
});
