import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type components, createKakehashiClient, type KakehashiClient, type operations } from "../client/index.ts";
import { parseCsv } from "./csv.ts";

/**
 * `npm run import -- --scheme <scheme> FILE` — imports native records (CSV with a header row of the scheme's field
 * names, or NDJSON) into a running server through its batch API and the typed client (`kakehashi/client`), so every
 * row gets the same validation and authorization as a partner's write. Bad rows are reported with their line number
 * and the good rows still land. Re-runs are safe: each chunk's Idempotency-Key is derived from the file's content
 * (a replayed answer is reported as "already present", not as new imports) and rows are created with
 * If-None-Match: * (a row imported before reads "already present").
 *
 * `runImport` is the whole command as a function (another CLI can wrap it); this file runs it when executed.
 */
export const IMPORT_USAGE = `usage: npm run import -- --scheme <scheme> <file.csv|file.ndjson> [--url URL] [--key KEY] [--id-field FIELD]

Imports native records of one scheme into a running Kakehashi server through its batch API.

  --scheme SCHEME    the scheme the records belong to (e.g. jc-star)
  --url URL          the server (default: $KAKEHASHI_URL, else http://127.0.0.1:8787)
  --key KEY          a partner or admin API key (default: $KAKEHASHI_KEY)
  --id-field FIELD   the column holding the registration id (default: the scheme's registration-number field)
  -h, --help         this text

CSV: a header row of the scheme's field names; list fields are ';'-separated. NDJSON: one record per line.
Exit status: 0 every row imported or already present; 1 some rows rejected (named by line);
2 a usage or input problem (nothing sent); 3 the server could not be reached or refused the request.`;

export const EXIT = { ok: 0, rejected: 1, input: 2, server: 3 } as const;

export interface ImportOptions {
  scheme: string;
  file: string;
  url: string;
  key: string;
  idField?: string;
}

export interface ImportOutput {
  /** The summary line. */
  out(line: string): void;
  /** Problems, one line each. */
  err(line: string): void;
  /** The progress bar, redrawn in place (omit for none). */
  progress?(text: string): void;
}

type Field = NonNullable<components["schemas"]["Scheme"]["recordFormat"]>["fields"][number];
type BatchItem = NonNullable<operations["putRecords"]["requestBody"]>["content"]["application/json"]["records"][number];

interface Row {
  line: number;
  record?: Record<string, unknown>;
  error?: string;
}

/** An error that ends the command with one line and an exit status. */
class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const CHUNK = 100;

/** Runs the import; resolves to the exit status. Never throws for bad input or an unreachable server. */
export async function runImport(options: ImportOptions, output: ImportOutput): Promise<number> {
  try {
    return await importFile(options, output);
  } catch (error) {
    if (error instanceof Stop) {
      output.err(`import: ${error.message}`);
      return error.code;
    }
    throw error;
  }
}

async function importFile(options: ImportOptions, output: ImportOutput): Promise<number> {
  const text = readInput(options.file);
  const client = createKakehashiClient({ baseUrl: options.url, apiKey: options.key });
  const fields = await recordFields(client, options);
  const idField =
    options.idField ?? fields.find((f) => /^registration(Number|Id)$|^docNumber$/.test(f.name))?.name ?? undefined;
  if (!idField) throw new Stop(`cannot tell which field of ${options.scheme} holds the id: pass --id-field`, 2);

  const rows = /\.csv$/i.test(options.file) ? csvRows(text, fields, idField, options.scheme) : ndjsonRows(text);
  const failures = rows.filter((r) => r.error).map((r) => `line ${r.line}: ${r.error}`);
  const good = rows.filter((r) => r.record);
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 32);
  let imported = 0;
  let present = 0;

  for (let start = 0; start < good.length; start += CHUNK) {
    const items: { row: Row; item: BatchItem }[] = [];
    for (const row of good.slice(start, start + CHUNK)) {
      const id = row.record?.[idField];
      if (typeof id !== "string" || id === "") {
        failures.push(`line ${row.line}: no registration id in field ${idField}`);
        continue;
      }
      const record = row.record ?? {};
      // Ids travel as issued (a CLS id holds slashes): a batch item is JSON, not a path.
      items.push({ row, item: { scheme: options.scheme, registrationId: id, record, ifNoneMatch: "*" } });
    }
    if (items.length > 0) {
      const batch = await send(() =>
        client.POST("/v1/records/batch", {
          params: { header: { "idempotency-key": `import-${digest}-${start / CHUNK}` } },
          body: { records: items.map((i) => i.item) },
        }),
      );
      if (!batch.data) {
        const detail = batch.error?.detail ?? `HTTP ${batch.response.status}`;
        throw new Stop(`the server refused rows ${items[0]?.row.line}–${items.at(-1)?.row.line}: ${detail}`, 3);
      }
      // A replay is the answer to an earlier run of the same file: what it created then is present now.
      const replayed = batch.response.headers.get("idempotent-replayed") === "true";
      for (const result of batch.data.results) {
        const row = items[result.index]?.row;
        if (result.status === 201 || result.status === 200) {
          if (replayed) present++;
          else imported++;
        } else if (result.status === 412) present++;
        else {
          const details = result.problem?.errors
            ?.map((e) => `${e.pointer.replace(/^\/body\/(records\/\d+\/)?record\//, "")}: ${e.detail}`)
            .join("; ");
          failures.push(`line ${row?.line}: ${result.status} ${details || result.problem?.detail || ""}`.trim());
        }
      }
    }
    output.progress?.(bar(Math.min(start + CHUNK, good.length), good.length));
  }
  for (const failure of failures) output.err(failure);
  output.out(`${imported} imported, ${present} already present, ${failures.length} rejected`);
  return failures.length > 0 ? EXIT.rejected : EXIT.ok;
}

function readInput(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new Stop(`cannot read ${file}: ${why}`, EXIT.input);
  }
}

/** One request, with a network failure turned into one line naming the server. */
async function send<T extends { response: Response }>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code === "ECONNREFUSED" ? "connection refused" : (cause?.message ?? (error as Error).message);
    throw new Stop(`cannot reach the server (${why}); is it running? set --url or KAKEHASHI_URL`, EXIT.server);
  }
}

async function recordFields(client: KakehashiClient, options: ImportOptions): Promise<Field[]> {
  const { data, error, response } = await send(() =>
    client.GET("/v1/schemes/{schemeId}", { params: { path: { schemeId: options.scheme } } }),
  );
  if (response.status === 404 || response.status === 400) {
    throw new Stop(`scheme "${options.scheme}" is not in the catalog at ${options.url}`, EXIT.input);
  }
  if (!data) throw new Stop(`reading scheme ${options.scheme}: ${error?.detail ?? `HTTP ${response.status}`}`, 3);
  const fields = data.recordFormat?.fields;
  if (!fields) throw new Stop(`${options.scheme} declares no native record format to import`, EXIT.input);
  return fields;
}

/** CSV rows typed by the scheme's declaration; a header that does not fit the scheme stops the import once. */
function csvRows(text: string, fields: Field[], idField: string, scheme: string): Row[] {
  const [header, ...data] = parseCsv(text);
  const names = header?.cells.map((c) => c.trim()) ?? [];
  const unknown = names.filter((n) => n !== "" && !fields.some((f) => f.name === n));
  const problems = [
    ...(unknown.length > 0 ? [`unknown column(s) ${unknown.join(", ")}`] : []),
    ...(names.includes(idField) ? [] : [`no ${idField} column`]),
  ];
  if (problems.length > 0) {
    throw new Stop(
      `the CSV header does not match ${scheme}'s record format: ${problems.join("; ")} (fields: ${fields.map((f) => f.name).join(", ")})`,
      EXIT.input,
    );
  }
  return data.map((row) => {
    const record: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const value = typed(
        fields.find((f) => f.name === name),
        row.cells[i]?.trim() ?? "",
      );
      if (value !== undefined) record[name] = value;
    });
    return { line: row.line, record };
  });
}

function ndjsonRows(text: string): Row[] {
  const rows: Row[] = [];
  text.split("\n").forEach((content, index) => {
    if (!content.trim()) return;
    try {
      const value: unknown = JSON.parse(content);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        rows.push({ line: index + 1, record: value as Record<string, unknown> });
      } else rows.push({ line: index + 1, error: "not a JSON object" });
    } catch (error) {
      rows.push({ line: index + 1, error: `not JSON: ${(error as Error).message}` });
    }
  });
  return rows;
}

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

function bar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} rows`;
}

/** Parses the command line (and KAKEHASHI_URL / KAKEHASHI_KEY), runs the import, resolves to the exit status. */
export async function importMain(
  argv: string[],
  env: Record<string, string | undefined>,
  output: ImportOutput,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    output.err(`import: ${(error as Error).message} (see --help)`);
    return EXIT.input;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    output.out(IMPORT_USAGE);
    return EXIT.ok;
  }
  const missing = [...(values.scheme ? [] : ["--scheme"]), ...(positionals[0] ? [] : ["a file"])];
  if (missing.length > 0) {
    output.err(`import: missing ${missing.join(" and ")} (see --help)`);
    return EXIT.input;
  }
  if (positionals.length > 1) {
    output.err(`import: one file at a time (got ${positionals.length}) (see --help)`);
    return EXIT.input;
  }
  return runImport(
    {
      scheme: values.scheme ?? "",
      file: positionals[0] ?? "",
      url: values.url ?? env.KAKEHASHI_URL ?? "http://127.0.0.1:8787",
      key: values.key ?? env.KAKEHASHI_KEY ?? "",
      ...(values["id-field"] ? { idField: values["id-field"] } : {}),
    },
    output,
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scheme: { type: "string" },
      url: { type: "string" },
      key: { type: "string" },
      "id-field": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The bar is drawn in place on a terminal only; the first line after it starts on a fresh line.
  let drawn = false;
  const line = (write: (text: string) => void) => (text: string) => {
    if (drawn) process.stderr.write("\n");
    drawn = false;
    write(text);
  };
  process.exitCode = await importMain(process.argv.slice(2), process.env, {
    out: line((text) => console.log(text)),
    err: line((text) => console.error(text)),
    ...(process.stderr.isTTY
      ? {
          progress: (text: string) => {
            process.stderr.write(`\r${text}`);
            drawn = true;
          },
        }
      : {}),
  });
}
