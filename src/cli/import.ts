import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseCsv } from "./csv.ts";

/**
 * `npm run import -- --scheme jc-star FILE [--url http://127.0.0.1:8787] [--key KEY]` — imports native records
 * (CSV with a header row of the scheme's field names, or NDJSON) into a running server through its batch API, so
 * every row gets the same validation and authorization as a partner's write. Bad rows are reported with their line
 * number and the good rows still land. Re-runs are idempotent: each chunk's Idempotency-Key is derived from the file's
 * content, and rows are created with If-None-Match: * (a row already imported reads "already present").
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scheme: { type: "string" },
    url: { type: "string", default: process.env.KAKEHASHI_URL ?? "http://127.0.0.1:8787" },
    key: { type: "string", default: process.env.KAKEHASHI_KEY ?? "" },
    "id-field": { type: "string" },
  },
});
const file = positionals[0];
if (!values.scheme || !file) {
  console.error(
    "usage: npm run import -- --scheme <scheme> <file.csv|file.ndjson> [--url URL] [--key KEY] [--id-field FIELD]",
  );
  process.exit(2);
}
const scheme = values.scheme;
const text = readFileSync(file, "utf8");
const base = values.url.replace(/\/$/, "");
const headers = { authorization: `Bearer ${values.key}`, "content-type": "application/json" };

interface Field {
  name: string;
  type: string;
}
const schemeResponse = await fetch(`${base}/v1/schemes/${encodeURIComponent(scheme)}`);
if (!schemeResponse.ok) {
  console.error(`scheme ${scheme}: ${schemeResponse.status} ${await schemeResponse.text()}`);
  process.exit(1);
}
const fields: Field[] =
  ((await schemeResponse.json()) as { recordFormat?: { fields: Field[] } }).recordFormat?.fields ?? [];
const idField = values["id-field"] ?? fields.find((f) => /^registration(Number|Id)$|^docNumber$/.test(f.name))?.name;

/** A CSV cell as the field's declared type: lists are `;`-separated, booleans true/false, integers decimal. */
function typed(field: Field | undefined, cell: string): unknown {
  if (cell === "") return undefined;
  if (field?.type === "string[]")
    return cell
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean);
  if (field?.type === "boolean")
    return cell.toLowerCase() === "true" ? true : cell.toLowerCase() === "false" ? false : cell;
  if (field?.type === "integer" && /^-?\d+$/.test(cell)) return Number(cell);
  return cell;
}

const rows: { line: number; record?: Record<string, unknown>; error?: string }[] = [];
if (/\.csv$/i.test(file)) {
  const [header, ...data] = parseCsv(text);
  const names = header?.cells.map((c) => c.trim()) ?? [];
  for (const row of data) {
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const value = typed(
        fields.find((f) => f.name === name),
        row.cells[i]?.trim() ?? "",
      );
      if (value !== undefined) record[name] = value;
    });
    rows.push({ line: row.line, record });
  }
} else {
  text.split("\n").forEach((content, index) => {
    if (!content.trim()) return;
    try {
      rows.push({ line: index + 1, record: JSON.parse(content) as Record<string, unknown> });
    } catch (error) {
      rows.push({ line: index + 1, error: `not JSON: ${(error as Error).message}` });
    }
  });
}

const CHUNK = 100;
const digest = createHash("sha256").update(text).digest("hex").slice(0, 32);
let landed = 0;
let present = 0;
const failures: string[] = [];
for (const row of rows) if (row.error) failures.push(`line ${row.line}: ${row.error}`);
const good = rows.filter((r) => r.record);
for (let start = 0; start < good.length; start += CHUNK) {
  const chunk = good.slice(start, start + CHUNK);
  const items = chunk.flatMap((row) => {
    const id = idField ? row.record?.[idField] : undefined;
    if (typeof id !== "string" || !id) {
      failures.push(`line ${row.line}: no registration id (field ${idField ?? "?"})`);
      return [];
    }
    return [{ row, item: { scheme, registrationId: id.replace(/\//g, "~"), record: row.record, ifNoneMatch: "*" } }];
  });
  if (items.length > 0) {
    const response = await fetch(`${base}/v1/records/batch`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": `import-${digest}-${start / CHUNK}` },
      body: JSON.stringify({ records: items.map((i) => i.item) }),
    });
    if (!response.ok) {
      console.error(`\nbatch at row ${start + 1}: ${response.status} ${await response.text()}`);
      process.exit(1);
    }
    const { results } = (await response.json()) as {
      results: {
        index: number;
        status: number;
        problem?: { detail?: string; errors?: { pointer: string; detail: string }[] };
      }[];
    };
    for (const result of results) {
      const { row } = items[result.index] ?? {};
      if (result.status === 201 || result.status === 200) landed++;
      else if (result.status === 412) present++;
      else {
        const details = result.problem?.errors
          ?.map((e) => `${e.pointer.replace("/body/record/", "")}: ${e.detail}`)
          .join("; ");
        failures.push(`line ${row?.line}: ${result.status} ${details || result.problem?.detail || ""}`);
      }
    }
  }
  const done = Math.min(start + CHUNK, good.length);
  const width = 30;
  const filled = Math.round((done / Math.max(good.length, 1)) * width);
  process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${good.length} rows`);
}
process.stderr.write("\n");
for (const failure of failures) console.error(failure);
console.log(`${landed} imported, ${present} already present, ${failures.length} rejected`);
process.exit(failures.length > 0 ? 1 : 0);
