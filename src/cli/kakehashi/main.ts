import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { KakehashiClient, Problem } from "../../client/index.ts";
import { type Lang, type Translate, translator } from "../../i18n/messages.ts";
import { CatalogNames } from "./catalog-names.ts";
import { AnswerError, UsageError } from "./errors.ts";
import { equivalenceText, translationText } from "./format.ts";
import { cliLang } from "./lang.ts";
import { matrixText } from "./matrix-text.ts";
import { type ArgumentLabels, fileProblem, problemLine } from "./problem-line.ts";

/**
 * `kakehashi <command> …`: the catalog's answers and exports on the command line. Human-readable by default, `--json`
 * for machines, `--help` on every command. Exit codes: 0 done, 1 the answer is a problem (unknown id, invalid input,
 * invalid data), 2 usage error, 3 the server could not be reached or failed.
 */

export { AnswerError, UsageError };

/** Where the bundle's entry lives (set by entry.ts): the importer program is built beside it. */
export const where = { bundle: import.meta.url };

/** Where the command writes and what it reads of its surroundings: the process's, or a test's. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** The terminal's width when standard output is one, else undefined. */
  terminalColumns: number | undefined;
}

/** What every command runs with: its words (language) and its surroundings. */
interface Context {
  lang: Lang;
  t: Translate;
  io: Io;
  /**
   * The exit code a command that ran to the end asks for (validate with problems, import's, doctor with some left);
   * main() returns it. Not process.exitCode: a test runs many command lines in one process, and one run's code
   * must not become every later run's.
   */
  exitCode?: number;
}

const common = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  url: { type: "string" },
  key: { type: "string" },
  lang: { type: "string" },
} as const;

interface Command {
  usage: string;
  run(args: string[], out: (text: string) => void, ctx: Context): Promise<void>;
}

const remote =
  "  --url URL --key KEY   ask a running server instead of the embedded catalog (or KAKEHASHI_URL, KAKEHASHI_KEY)";

function parse<O extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  args: string[],
  t: Translate,
  options: O,
) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages run to three sentences; the first names the problem.
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const noValue = /^Option '(-[^ ']+)[^']*' argument missing/.exec(message);
    const takesNone = /^Option '(-[^ ']+)[^']*' does not take an argument/.exec(message);
    throw new UsageError(
      unknown?.[1]
        ? t("cli.error.unknownOption", { option: unknown[1] })
        : noValue?.[1]
          ? t("cli.error.needsValue", { option: noValue[1] })
          : takesNone?.[1]
            ? t("cli.error.takesNoValue", { option: takesNone[1] })
            : (message.split(/\. /)[0] ?? message),
    );
  }
}

/** A date option as given, checked before asking: `--as-of 2026-02-30` is refused here, in the command's words. */
function checkDate(option: string, value: string | undefined, t: Translate): void {
  if (value === undefined) return;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AnswerError(t("cli.error.badDate", { option, value }));
  }
}

/** The names of the catalog the client answers from (the server's with --url), for human output and checks. */
async function catalogNames(session: Session, ctx: Context): Promise<CatalogNames> {
  const list = await ask(session, ctx, session.client.GET("/v1/schemes", {}));
  // Japanese texts from the embedded catalog (loaded here only for Japanese; the embedded app has it loaded anyway).
  const texts = ctx.lang === "ja" ? (await import("./embedded-catalog.ts")).embeddedCatalog() : undefined;
  return new CatalogNames(list, ctx.lang, texts);
}

/**
 * The typed client (the running server's with --url, else the embedded app's), loaded only by the commands that ask
 * questions: --help and validate never load the app and the catalog.
 */
async function via(values: { url?: string | undefined; key?: string | undefined }, ctx: Context): Promise<Session> {
  const { kakehashiClient } = await import("./transport.ts");
  const url = values.url ?? (ctx.io.env.KAKEHASHI_URL || undefined);
  const client = await kakehashiClient({ url, key: values.key ?? (ctx.io.env.KAKEHASHI_KEY || undefined) });
  return { client, url };
}

/** A client and where it asks: the server's URL, or undefined for the embedded catalog. */
interface Session {
  client: KakehashiClient;
  url: string | undefined;
}

/** What a typed client call settles to: the 2xx body, or the problem (parsed JSON, else the text) and the response. */
type Call<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/**
 * The answer of a client call, or its problem as one line in the command line's terms (src/cli/kakehashi/
 * problem-line.ts): `level "STAR-9" is not a level of jc-star (levels: STAR-1, …)`, `--as-of 2026-02-30: must be …`.
 */
async function ask<T>(session: Session, ctx: Context, call: Call<T>, labels: ArgumentLabels = {}): Promise<T> {
  const { t } = ctx;
  const url = session.url ?? "(embedded)";
  let settled: Awaited<Call<T>>;
  try {
    settled = await call;
  } catch (error) {
    const { Unreachable } = await import("./transport.ts");
    if (error instanceof Unreachable) throw new Error(t("cli.error.unreachable", { url, detail: error.detail }));
    throw error;
  }
  const { data, error, response } = settled;
  if (response.ok) {
    if (data === undefined) throw new Error(t("cli.error.emptyAnswer", { status: response.status }));
    return data;
  }
  // openapi-fetch hands back the body parsed as JSON when it is JSON, else as text (undefined when empty).
  const problem = typeof error === "object" && error !== null ? (error as Partial<Problem>) : undefined;
  const detail = problem
    ? problemLine(response.status, problem, labels)
    : String(error ?? "")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 200) || response.statusText;
  if (response.status >= 500) {
    throw new Error(t("cli.error.server", { url, status: `${response.status} ${response.statusText}`.trim(), detail }));
  }
  // 401: no key or an unknown one — say how to give one; 403: the key is known but lacks the role, and the server's
  // detail already says which role is needed.
  if (response.status === 401) throw new AnswerError(t("cli.error.key", { detail }));
  if (response.status === 403) throw new AnswerError(detail);
  throw new AnswerError(detail);
}

/** The terminal's width: the terminal's own, else COLUMNS (as shells set it), else 80. */
function columns(io: Io): number {
  if (io.terminalColumns !== undefined && io.terminalColumns > 0) return io.terminalColumns;
  const given = Number(io.env.COLUMNS);
  return Number.isInteger(given) && given > 0 ? given : 80;
}

/** The labels of the options every question shares: `--as-of 2026-02-30`, `--category nope`. */
function optionLabels(values: { "as-of"?: string | undefined; category?: string | undefined }): ArgumentLabels {
  return {
    "/query/asOf": `--as-of ${values["as-of"]}`,
    "/query/category": `--category ${values.category}`,
  };
}

const commands: Record<string, Command> = {
  equivalence: {
    usage: `kakehashi equivalence <scheme:level> <scheme[:level]> [--as-of YYYY-MM-DD] [--category C] [--json]
  What a label of one scheme at one level means in another scheme: legal recognition, coverage, assurance, verdict.
${remote}`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, { "as-of": { type: "string" }, category: { type: "string" } });
      const [from, to] = positionals;
      if (!from || !to || positionals.length > 2) throw new UsageError(ctx.t("cli.error.equivalenceArgs"));
      checkDate("--as-of", values["as-of"], ctx.t);
      const session = await via(values, ctx);
      const names = await catalogNames(session, ctx);
      names.check(from, false, ctx.t);
      names.check(to, true, ctx.t);
      const answer = await ask(
        session,
        ctx,
        session.client.GET("/v1/equivalence", {
          params: { query: { from, to, asOf: values["as-of"], category: values.category } },
        }),
        { ...optionLabels(values), "/query/from": from, "/query/to": to },
      );
      out(values.json ? `${JSON.stringify(answer, null, 2)}\n` : equivalenceText(answer, names, ctx.t));
    },
  },
  matrix: {
    usage: `kakehashi matrix [--from SCHEME] [--as-of YYYY-MM-DD] [--category C] [--wide] [--json]
  The home scheme's levels against every foreign scheme: verdict and best covered level. Fits the terminal's width
  (COLUMNS, or 80 when not a terminal) with short verdict codes; --wide prints the full table.
${remote}`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, {
        from: { type: "string" },
        "as-of": { type: "string" },
        category: { type: "string" },
        wide: { type: "boolean" },
      });
      if (positionals.length > 0)
        throw new UsageError(ctx.t("cli.error.unexpected", { argument: String(positionals[0]) }));
      checkDate("--as-of", values["as-of"], ctx.t);
      const session = await via(values, ctx);
      const matrix = await ask(
        session,
        ctx,
        session.client.GET("/v1/equivalence/matrix", {
          params: { query: { asOf: values["as-of"], category: values.category } },
        }),
        optionLabels(values),
      );
      if (values.from && values.from !== matrix.from) {
        throw new AnswerError(
          `the matrix rows are the home scheme's levels (${matrix.from}); give --from ${matrix.from} or leave it out`,
        );
      }
      if (values.json) out(`${JSON.stringify(matrix, null, 2)}\n`);
      else {
        const names = await catalogNames(session, ctx);
        out(matrixText(matrix, names, ctx.t, values.wide ? Number.POSITIVE_INFINITY : columns(ctx.io)));
      }
    },
  },
  translate: {
    usage: `kakehashi translate --from SCHEME --to SCHEME <record.json> [--canonical] [--as-of YYYY-MM-DD] [--lang en|ja] [--json]
  A certification record from one scheme's format to another's (provisional unless an arrangement recognizes it).
  What is left empty and why, and the warnings, are in English, or Japanese with --lang ja.
${remote}`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, {
        from: { type: "string" },
        to: { type: "string" },
        canonical: { type: "boolean" },
        "as-of": { type: "string" },
      });
      const [file] = positionals;
      if (!values.from || !values.to || !file) throw new UsageError(ctx.t("cli.error.translateArgs"));
      checkDate("--as-of", values["as-of"], ctx.t);
      // Whatever the file holds goes to the API as the record: the server judges it (a non-object answers its own
      // problem with a pointer), so the CLI's errors stay the API's.
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      } catch (error) {
        throw new AnswerError(fileProblem(file, error as NodeJS.ErrnoException, ctx.t));
      }
      const session = await via(values, ctx);
      const names = await catalogNames(session, ctx);
      names.check(values.from, true, ctx.t);
      names.check(values.to, true, ctx.t);
      const result = await ask(
        session,
        ctx,
        session.client.POST("/v1/translations", {
          body: {
            from: values.from,
            to: values.to,
            format: values.canonical ? "canonical" : "native",
            record,
            ...(values["as-of"] ? { asOf: values["as-of"] } : {}),
          },
        }),
        {
          "/body/from": `--from ${values.from}`,
          "/body/to": `--to ${values.to}`,
          "/body/asOf": `--as-of ${values["as-of"]}`,
          "/body/record": `${file} as a ${values.from} record`,
        },
      );
      out(values.json ? `${JSON.stringify(result, null, 2)}\n` : translationText(result, names, ctx.t));
    },
  },
  export: {
    usage: `kakehashi export oscal-mapping --from SCHEME --to SCHEME
kakehashi export oscal-catalog <scheme>
kakehashi export csv crosswalks [--from SCHEME] [--to SCHEME]
kakehashi export csv matrix [--as-of YYYY-MM-DD] [--category C]
kakehashi export csv equivalence <scheme:level> <scheme[:level]> [--as-of YYYY-MM-DD] [--category C]
kakehashi export csv requirements <scheme>
  Writes the export to standard output (OSCAL 1.2.2 JSON or RFC 4180 CSV), exactly as the API serves it.
  CSV starts with a UTF-8 byte-order mark so spreadsheets read Japanese cells right; --no-bom for programs.
${remote}`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, {
        from: { type: "string" },
        to: { type: "string" },
        "as-of": { type: "string" },
        category: { type: "string" },
        bom: { type: "boolean" },
        "no-bom": { type: "boolean" },
      });
      if (values.bom && values["no-bom"]) throw new UsageError(ctx.t("cli.error.bothBom"));
      const [kind, sub, a, b] = positionals;
      const request = exportRequest(ctx.t, kind, sub, a, b, { ...values, bom: values["no-bom"] ? "false" : undefined });
      checkDate("--as-of", values["as-of"], ctx.t);
      const session = await via(values, ctx);
      const body = await ask(session, ctx, request(session.client), {
        ...optionLabels(values),
        "/query/from": values.from ?? a,
        "/query/to": values.to ?? b,
      });
      // CSV is read as bytes: a text decoder would drop the byte-order mark the server put there on purpose.
      out(typeof body === "string" ? body : new TextDecoder("utf-8", { ignoreBOM: true }).decode(body));
    },
  },
  validate: {
    usage: `kakehashi validate [--root DIR] [--json]
  The catalog build's checks on schemes/ and mappings/: one "file:line field: message" line per problem.`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, { root: { type: "string" } });
      if (positionals.length > 0)
        throw new UsageError(ctx.t("cli.error.unexpected", { argument: String(positionals[0]) }));
      const root = (values.root as string | undefined) ?? process.cwd();
      const [{ readDataFiles }, { validateFiles }, { formatIssue }] = await Promise.all([
        import("../../catalog/read-files.ts"),
        import("../../catalog/compile.ts"),
        import("../../catalog/issues.ts"),
      ]);
      const files = readDataFiles(root);
      if (files.length === 0) throw new AnswerError(`no data files under ${root}/schemes or ${root}/mappings`);
      const { issues } = validateFiles(files);
      if (values.json) out(`${JSON.stringify({ valid: issues.length === 0, files: files.length, issues }, null, 2)}\n`);
      else if (issues.length === 0) out(`catalog valid: ${files.length} files\n`);
      else out(`${issues.map(formatIssue).join("\n")}\n${issues.length} problem(s) in ${files.length} files\n`);
      if (issues.length > 0) ctx.exitCode = 1;
    },
  },
  import: {
    usage: `kakehashi import --scheme SCHEME <file.csv|file.ndjson> [--url URL] [--key KEY] [--id-field FIELD]
  Imports native records into a running server through its batch API (the same importer as npm run import).`,
    async run(args, _out, ctx) {
      if (args.includes("--help") || args.includes("-h")) throw new UsageError("");
      // The importer is its own program (built beside this one); it prints its own progress and errors.
      const importer = fileURLToPath(new URL("./kakehashi-import.js", where.bundle));
      const result = spawnSync(process.execPath, [importer, ...args], { stdio: "inherit" });
      ctx.exitCode = result.status ?? 3;
    },
  },
  diff: {
    usage: `kakehashi diff --base <git ref> [--root DIR] [--json]
  Builds the catalog at the base ref and in the working tree and lists every equivalence answer that changes
  (verdicts, legal rules, best covered levels, coverage ratios) on every date where a rule starts or ends, as Markdown
  (or JSON). Exit code 0 whether or not answers change.`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, { base: { type: "string" }, root: { type: "string" } });
      if (!values.base || positionals.length > 0) throw new UsageError(ctx.t("cli.error.diffArgs"));
      const { diffCommand } = await import("./diff-command.ts");
      out(await diffCommand(values.base, (values.root as string | undefined) ?? process.cwd(), Boolean(values.json)));
    },
  },
  doctor: {
    usage: `kakehashi doctor --url URL --key ADMIN_KEY [--quarantine] [--json]
  Lists the record values the server's store cannot decode (corrupt), found by scanning it: one line each, with why.
  --quarantine moves each to a quarantine key (kept, never deleted; asks nothing) and prints where. Needs a running
  server and an admin key (or KAKEHASHI_URL, KAKEHASHI_KEY): the embedded catalog has no record store.
  Exit code 0 when none is left, 1 when some are.`,
    async run(args, out, ctx) {
      const { values, positionals } = parse(args, ctx.t, { quarantine: { type: "boolean" } });
      if (positionals.length > 0)
        throw new UsageError(ctx.t("cli.error.unexpected", { argument: String(positionals[0]) }));
      const url = values.url ?? (ctx.io.env.KAKEHASHI_URL || undefined);
      if (!url) throw new UsageError(ctx.t("cli.error.noStore"));
      const { doctorCommand } = await import("./doctor-command.ts");
      const session = await via({ ...values, url }, ctx);
      const { text, left } = await doctorCommand(session.client, (call) => ask(session, ctx, call), {
        quarantine: Boolean(values.quarantine),
        json: Boolean(values.json),
      });
      out(text);
      if (left > 0) ctx.exitCode = 1;
    },
  },
};

const exportKinds = "oscal-mapping, oscal-catalog, csv";
const csvExports = "csv crosswalks, csv matrix, csv equivalence, csv requirements";

/**
 * The export a command line names, checked before anything is loaded (a usage error needs no app), as a typed call.
 * Exports are written out byte for byte as served, so the OSCAL JSON is read as text (`parseAs: "text"`; the CLI
 * never re-serializes it) and CSV as bytes (`parseAs: "arrayBuffer"`), keeping its byte-order mark.
 */
function exportRequest(
  t: Translate,
  kind: string | undefined,
  sub: string | undefined,
  a: string | undefined,
  b: string | undefined,
  values: {
    from?: string | undefined;
    to?: string | undefined;
    "as-of"?: string | undefined;
    category?: string | undefined;
    bom: "false" | undefined;
  },
): (client: KakehashiClient) => Call<string | ArrayBuffer> {
  const { from, to, category, bom } = values;
  const asOf = values["as-of"];
  const text = { parseAs: "text" } as const;
  const bytes = { parseAs: "arrayBuffer" } as const;
  if (kind === "oscal-mapping") {
    if (!from || !to) throw new UsageError(t("cli.error.oscalMappingArgs"));
    return (c) => c.GET("/v1/exports/oscal/mappings", { params: { query: { from, to } }, ...text });
  }
  if (kind === "oscal-catalog" && sub)
    return (c) => c.GET("/v1/exports/oscal/catalogs/{schemeId}", { params: { path: { schemeId: sub } }, ...text });
  if (kind === "csv" && sub === "crosswalks")
    return (c) => c.GET("/v1/exports/csv/crosswalks", { params: { query: { from, to, bom } }, ...bytes });
  if (kind === "csv" && sub === "matrix")
    return (c) => c.GET("/v1/exports/csv/matrix", { params: { query: { asOf, category, bom } }, ...bytes });
  if (kind === "csv" && sub === "equivalence" && a && b)
    return (c) =>
      c.GET("/v1/exports/csv/equivalence", { params: { query: { from: a, to: b, asOf, category, bom } }, ...bytes });
  if (kind === "csv" && sub === "requirements" && a)
    return (c) =>
      c.GET("/v1/exports/csv/requirements/{schemeId}", {
        params: { path: { schemeId: a }, query: { bom } },
        ...bytes,
      });
  // What is missing or unknown, named: a wrong word and a missing argument are different mistakes.
  if (kind === "oscal-catalog") throw new UsageError(t("cli.error.needsScheme", { kind: "oscal-catalog" }));
  if (kind === "csv" && sub === "equivalence") throw new UsageError(t("cli.error.csvEquivalenceArgs"));
  if (kind === "csv" && sub === "requirements")
    throw new UsageError(t("cli.error.needsScheme", { kind: "csv requirements" }));
  if (kind === "csv")
    throw new UsageError(
      sub
        ? t("cli.error.unknownExport", { name: `csv ${sub}`, names: csvExports })
        : t("cli.error.whichExport", { names: csvExports }),
    );
  throw new UsageError(
    kind
      ? t("cli.error.unknownExport", { name: kind, names: exportKinds })
      : t("cli.error.whichExport", { names: exportKinds }),
  );
}

const overview = `kakehashi — IoT security label equivalence from the Kakehashi catalog

  kakehashi equivalence <scheme:level> <scheme[:level]>   what a label means in another scheme
  kakehashi matrix                                          home levels × foreign schemes
  kakehashi translate --from A --to B record.json           translate a certification record
  kakehashi export oscal-mapping|oscal-catalog|csv …        OSCAL 1.2.2 and CSV exports
  kakehashi validate                                        check schemes/ and mappings/
  kakehashi import --scheme S file.csv                      import records into a server
  kakehashi diff --base <git ref>                           which answers a data change changes
  kakehashi doctor --url URL --key KEY [--quarantine]       undecodable records in a server's store

Every command takes --help; answers come from the embedded catalog unless --url is given. --json for machines.
Exit codes: 0 done, 1 problem with the question or the data, 2 usage error, 3 server unreachable or failed.
`;

/** The process's surroundings, for the installed command. */
function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    terminalColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/**
 * Runs one command line and says its exit code. `io` is the process's unless a test gives its own (the tests call
 * the bundled command in process, with their own output, environment and terminal width).
 */
export async function main(argv: string[], given: Partial<Io> = {}): Promise<number> {
  const io = { ...processIo(), ...given };
  const [name, ...rest] = argv;
  const chosen = cliLang(argv, io.env);
  const lang = typeof chosen === "string" ? chosen : "en";
  const t = translator(lang);
  const ctx: Context = { lang, t, io };
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(overview);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`kakehashi: ${t("cli.error.unknownCommand", { name, commands: Object.keys(commands).join(", ") })}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`${command.usage}\n`);
    return 0;
  }
  if (typeof chosen !== "string") {
    io.err(
      `kakehashi ${name}: ${t("cli.error.seeHelp", { message: t("cli.error.lang", { value: chosen.unknown }), command: name })}\n`,
    );
    return 2;
  }
  try {
    await command.run(rest, io.out, ctx);
    return ctx.exitCode ?? 0;
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "";
    if (error instanceof UsageError) {
      io.err(`kakehashi ${name}: ${t("cli.error.seeHelp", { message, command: name })}\n`);
      return 2;
    }
    io.err(`kakehashi ${name}: ${message}\n`);
    return error instanceof AnswerError ? 1 : 3;
  }
}
