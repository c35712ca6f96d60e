import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { conditionIn } from "../../src/domain/condition-text.ts";
import { englishRuns } from "../../src/lib/english-prose.ts";
import { projectRoot } from "../helpers/catalog-files.ts";
import { bundledCli } from "../helpers/cli-in-process.ts";
import { catalogIndex } from "../helpers/engine.ts";

/**
 * `kakehashi` for people (issue 19, item 4): names, never ids, in English and Japanese; each rule's conditions and
 * sources; what is still to do counted against every requirement; the matrix within the terminal; every error one line
 * that says what is wrong and what to give instead. The bundled command, run in this process.
 */

let cli: Awaited<ReturnType<typeof bundledCli>>;
beforeAll(async () => {
  cli = await bundledCli();
}, 60_000);
afterAll(() => cli?.dispose());

const ja = { LANG: "ja_JP.UTF-8" };

/** Ids people should never see: schemes and levels whose ids are not words ("jc-star", "STAR-1"), arrangements, rules. */
const ids = [
  ...catalogIndex.allSchemes().flatMap((s) => [s.id, ...s.levels.map((l) => l.id)]),
  ...catalogIndex.arrangements().flatMap((a) => [a.id, ...a.rules.map((r) => r.id)]),
].filter((id) => id.includes("-"));

/**
 * The ids in a human answer, once the catalog's own texts are taken out (a condition may say "the STAR-1 label" in its
 * own words; the API's not-applied reasons are its sentences, English and Japanese, naming levels as the catalog does): what is left is the command's rendering.
 */
function idsShown(text: string, answer?: EquivalenceAnswer): string[] {
  let rest = text;
  if (answer) {
    const texts = [
      ...answer.legal.rules.flatMap((r) => [...r.conditions, ...r.sources.flatMap((s) => [s.title, s.locator ?? ""])]),
      ...answer.legal.notApplied.flatMap((n) => [n.reason, n.reasonJa]),
      ...answer.legal.statements.flatMap((s) => [s.summary, ...s.sources.map((c) => c.title)]),
      ...answer.coverage.levels.flatMap((l) =>
        [...l.covered, ...l.partial, ...l.missing, ...l.undetermined, ...l.noMapping].map((r) => r.title ?? ""),
      ),
      answer.assurance.to?.assessor ?? "",
    ].filter((t) => t.length > 0);
    for (const t of texts.sort((a, b) => b.length - a.length)) rest = rest.split(t).join(" ");
  }
  rest = rest.replace(/https?:\/\/\S+/g, " ");
  return ids.filter((id) => new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(rest));
}

const widest = (text: string) =>
  Math.max(...text.split("\n").map((line) => [...line].reduce((w, ch) => w + (/[\u3000-\uffef]/.test(ch) ? 2 : 1), 0)));

describe("human answers name things as people know them", { timeout: 60_000 }, () => {
  it("no scheme, level, arrangement or rule id in any equivalence answer of the home scheme, in either language", async () => {
    const targets = catalogIndex.allSchemes().filter((s) => s.levels.length > 0 && s.id !== "jc-star");
    const sources = [
      ...(catalogIndex.scheme("jc-star")?.levels ?? []).map((l) => `jc-star:${l.id}`),
      "sg-cls:L2",
      "uk-psti:compliant",
    ];
    for (const asOf of ["2026-06-01"]) {
      for (const from of sources) {
        for (const to of targets.filter((t) => !from.startsWith(`${t.id}:`))) {
          const args = ["equivalence", from, to.id, "--as-of", asOf];
          const answer = JSON.parse((await cli.run([...args, "--json"])).stdout) as EquivalenceAnswer;
          for (const env of [{}, ja]) {
            const human = await cli.run(args, env);
            expect({ args, code: human.code }).toEqual({ args, code: 0 });
            expect({ args, env, ids: idsShown(human.stdout, answer) }).toEqual({ args, env, ids: [] });
          }
        }
      }
    }
  });

  it("JC-STAR ★1 → UK PSTI: the instrument by its citation, every condition, the sources with their confidence", async () => {
    const args = ["equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-03-01"];
    const answer = JSON.parse((await cli.run([...args, "--json"])).stdout) as EquivalenceAnswer;
    const { stdout } = await cli.run(args);
    expect(stdout.split("\n")[0]).toBe("JC-STAR ★1 → UK PSTI product security regime, on 2026-03-01: Recognised");
    expect(stdout).toContain(
      "  SI 2025/1267: deemed compliance → Compliant with the PSTI security requirements, from 2025-12-04",
    );
    const rule = answer.legal.rules[0];
    expect(rule?.conditions.length).toBeGreaterThan(0);
    for (const condition of rule?.conditions ?? []) expect(stdout).toContain(`      - ${condition}`);
    for (const source of rule?.sources ?? []) {
      expect(stdout).toMatch(
        new RegExp(`- ${source.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.* \\(${source.kind} source\\) `),
      );
    }
    expect(stdout).toContain(`confidence ${rule?.confidence}`);
    expect(stdout).not.toContain("uk-si-2025-1267");
    const japanese = await cli.run(args, ja);
    expect(japanese.stdout.split("\n")[0]).toBe("JC-STAR ★1 → 英国 PSTI 製品セキュリティ制度(2026-03-01 時点): 承認");
    expect(japanese.stdout).toContain("  SI 2025/1267: 適合みなし → PSTI法のセキュリティ要件に適合、2025-12-04 から");
    expect(japanese.stdout).toContain("    条件:");
    expect(japanese.stdout).toContain("    出典:");
    expect(japanese.stdout).toContain("(二次資料)");
  });

  it("in Japanese, the catalog's texts are the web view's Japanese: conditions, sources, statements, assessors", async () => {
    const args = ["equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-03-01", "--lang", "ja"];
    const { stdout } = await cli.run(args);
    const answer = JSON.parse((await cli.run([...args, "--json"])).stdout) as EquivalenceAnswer;
    const rule = answer.legal.rules[0];
    if (!rule) throw new Error("the answer has no rule");
    // Every condition as the web view's accessor gives it (conditionIn), the engine's own ones included.
    for (const condition of rule.conditions) {
      const shown = conditionIn(catalogIndex, "ja", rule, condition);
      expect(shown.lang, condition).toBe("ja");
      expect(stdout).toContain(`      - ${shown.text}`);
    }
    expect(stdout).toContain(
      "      - 元のラベルがその日に有効であること(失効、一時停止又は取下げがされていないこと)。",
    );
    expect(stdout).not.toContain("The source label must be valid");
    // A source's title: its Japanese gloss, marked as ours, with the official title after it.
    expect(stdout).toContain(
      "Legislation Tracker「2025 年 PSTI(改正)(第 2 号)規則」(参考訳。原題: Legislation Tracker, PSTI (Amendment) (No. 2) Regulations 2025)",
    );
    // IPA's own Japanese title stands alone.
    expect(stdout).toContain("      - IPA「PSTI法適合証明について」, ");
    // The statement by its Japanese title, its summary in Japanese.
    expect(stdout).toContain(
      "  声明 — グローバル・サイバーセキュリティ・ラベリング・イニシアティブ(GCLI)に関する共同声明: 2025 年",
    );
    // No English prose left in the answer's text beyond the official titles given after their glosses.
    const withoutOfficialTitles = stdout.replace(/原題: [^)]*\)/g, "").replace(/https?:\/\/\S+/g, "");
    expect(englishRuns(withoutOfficialTitles)).toEqual([]);
  });

  it("in Japanese, an assessment gap names the target's assessor in Japanese", async () => {
    const { stdout } = await cli.run(["equivalence", "jc-star:STAR-1", "sg-cls:L1", "--as-of", "2026-03-01"], ja);
    const assessor = catalogIndex.level("sg-cls", "L1")?.assurance;
    const japanese = assessor && catalogIndex.textIn("ja")(assessor, "assessor");
    expect(japanese?.lang).toBe("ja");
    expect(stdout).toContain(japanese?.text);
    expect(stdout).not.toContain(assessor?.assessor);
  });

  it("the CRA's 22 requirements are all counted: what is still to do includes the undetermined and unmapped ones", async () => {
    const args = ["equivalence", "jc-star:STAR-1", "eu-cra", "--as-of", "2026-06-01"];
    const answer = JSON.parse((await cli.run([...args, "--json"])).stdout) as EquivalenceAnswer;
    const level = answer.coverage.levels[0];
    expect(level?.requirements).toBe(22);
    const left =
      (level?.partial.length ?? 0) +
      (level?.undetermined.length ?? 0) +
      (level?.missing.length ?? 0) +
      (level?.noMapping.length ?? 0);
    const { stdout } = await cli.run(args);
    expect(stdout).toContain(
      `Still to do for Module A — internal control (Annex VIII Part I): ${left} of 22 requirements not covered`,
    );
    expect(stdout).toMatch(/^ {4}no mapping data yet +II\.1 /m);
    expect(stdout).toMatch(/^ {4}undetermined +I\.1 /m);
    // Every requirement not covered is listed once.
    const listed = stdout
      .split("\n")
      .filter((line) => /^ {4}(partly covered|undetermined|missing|no mapping)/.test(line));
    expect(listed).toHaveLength(left);
    const japanese = await cli.run(args, ja);
    expect(japanese.stdout).toContain(`に向けて残っていること: 要求事項 22 件中 ${left} 件が未充足`);
    expect(japanese.stdout).toMatch(/^ {4}対応付けデータ未整備 +II\.1 /m);
    expect(japanese.stdout).toContain("経由: JC-STAR S1.1-");
  });

  it("the matrix: names, the terminal's width in either language, --wide for the full table", async () => {
    for (const env of [{}, ja]) {
      const wide = await cli.run(["matrix", "--as-of", "2026-06-01", "--wide"], env);
      expect(wide.code).toBe(0);
      expect(idsShown(wide.stdout)).toEqual([]);
      expect(widest(wide.stdout)).toBeGreaterThan(120);
      for (const columns of ["44", "80"]) {
        const fitted = await cli.run(["matrix", "--as-of", "2026-06-01"], { ...env, COLUMNS: columns });
        expect({ env, columns, fits: widest(fitted.stdout) <= Number(columns) }).toEqual({ env, columns, fits: true });
        expect(idsShown(fitted.stdout)).toEqual([]);
        for (const level of ["★1", "★2", "★3", "★4"]) expect(fitted.stdout).toContain(level);
      }
    }
    const english = await cli.run(["matrix", "--as-of", "2026-06-01"]);
    expect(english.stdout).toMatch(/^UK PSTI product security regime\s+REC \(Compliant with/m);
    expect(english.stdout).toContain("REC = Recognised");
    const japanese = await cli.run(["matrix", "--as-of", "2026-06-01"], ja);
    expect(japanese.stdout).toContain("REC = 承認");
    expect(japanese.stdout).toContain("全体の表は --wide で表示");
  });

  it("translate: the schemes by name and the command's words in Japanese", async () => {
    const file = join(projectRoot, "test/fixtures/records/jc-star.json");
    const args = ["translate", "--from", "jc-star", "--to", "uk-psti", file, "--as-of", "2026-03-01"];
    const english = await cli.run(args);
    expect(english.stdout).toMatch(/^JC-STAR → UK PSTI product security regime, on 2026-03-01: /);
    expect(english.stdout).toMatch(/^Left empty — dateOfIssue \(stood-for-by-rule\): /m);
    const japanese = await cli.run([...args, "--lang", "ja"]);
    expect(japanese.stdout.startsWith("JC-STAR → 英国 PSTI 製品セキュリティ制度(2026-03-01 時点): ")).toBe(true);
    expect(japanese.stdout).toContain("\n空欄 — dateOfIssue(stood-for-by-rule): dateOfIssue は空欄ですが、");
  });
});

describe("the language: --lang, else the locale", { timeout: 30_000 }, () => {
  it("LANG=ja_* or LC_ALL=ja_* means Japanese; LC_ALL outranks LANG; --lang wins over both", async () => {
    const heading = async (args: string[], env: Record<string, string>) =>
      (await cli.run(["equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-03-01", ...args], env)).stdout.split(
        "\n",
      )[0];
    const inJapanese = /時点\): 承認$/;
    const inEnglish = /, on 2026-03-01: Recognised$/;
    expect(await heading([], { LANG: "ja_JP.UTF-8" })).toMatch(inJapanese);
    expect(await heading([], { LC_ALL: "ja_JP.UTF-8", LANG: "en_US.UTF-8" })).toMatch(inJapanese);
    expect(await heading([], { LC_ALL: "en_US.UTF-8", LANG: "ja_JP.UTF-8" })).toMatch(inEnglish);
    expect(await heading(["--lang", "en"], { LANG: "ja_JP.UTF-8" })).toMatch(inEnglish);
    expect(await heading(["--lang=ja"], {})).toMatch(inJapanese);
    expect(await heading([], {})).toMatch(inEnglish);
  });
});

describe("every error is one line: what is wrong, and what to give instead", { timeout: 60_000 }, () => {
  let server: Server;
  let base = "";
  let nobody = "";
  beforeAll(async () => {
    // A server that fails (500) on one path and asks for a key (401) on every other: problem+json, as the API answers.
    // It is not this API (a proxy or another deployment in front of it), so it listens on 127.0.0.2: the setup's
    // contract check holds only 127.0.0.1 / localhost to the OpenAPI document.
    server = createServer((request, response) => {
      const failing = request.url?.startsWith("/v1/equivalence/matrix");
      response.writeHead(failing ? 500 : 401, { "content-type": "application/problem+json" });
      response.end(
        JSON.stringify(
          failing
            ? { type: "about:blank", title: "Internal Server Error", status: 500, detail: "the store is down" }
            : { type: "about:blank", title: "Unauthorized", status: 401, detail: "an API key is required" },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.2", resolve));
    base = `http://127.0.0.2:${(server.address() as AddressInfo).port}`;
    // A port nobody listens on (fetch refuses "unsafe" ports such as 9 before connecting).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.2", resolve));
    nobody = `http://127.0.0.2:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const record = join(projectRoot, "test/fixtures/records/jc-star.json");
  const cases = (): [string, string[], number, string, string][] => [
    [
      "unknown scheme",
      ["equivalence", "xx:1", "uk-psti"],
      1,
      "kakehashi equivalence: unknown scheme xx; schemes: ",
      "kakehashi equivalence: 制度 xx はカタログにありません。指定できる制度: ",
    ],
    [
      "unknown level",
      ["equivalence", "jc-star:STAR-9", "uk-psti"],
      1,
      "kakehashi equivalence: unknown level STAR-9 of JC-STAR; levels: STAR-1, STAR-2, STAR-3, STAR-4",
      "kakehashi equivalence: JC-STAR にレベル STAR-9 はありません。指定できるレベル: STAR-1, STAR-2, STAR-3, STAR-4",
    ],
    [
      "a target level that is not there",
      ["equivalence", "jc-star:STAR-1", "uk-psti:nope"],
      1,
      "kakehashi equivalence: unknown level nope of UK PSTI product security regime; levels: compliant",
      "kakehashi equivalence: 英国 PSTI 製品セキュリティ制度 にレベル nope はありません。",
    ],
    [
      "a source without its level",
      ["equivalence", "jc-star", "uk-psti"],
      1,
      "kakehashi equivalence: jc-star: give a level as scheme:level; levels of JC-STAR: STAR-1, ",
      "kakehashi equivalence: jc-star: レベルを 制度:レベル の形で指定してください。",
    ],
    [
      "bad date",
      ["equivalence", "jc-star:STAR-1", "uk-psti", "--as-of", "2026-02-30"],
      1,
      "kakehashi equivalence: --as-of 2026-02-30 is not a date; give YYYY-MM-DD, e.g. 2026-03-01",
      "kakehashi equivalence: --as-of 2026-02-30 は日付ではありません。YYYY-MM-DD の形で指定してください",
    ],
    [
      "missing file",
      ["translate", "--from", "jc-star", "--to", "uk-psti", "no-such-file.json"],
      1,
      "kakehashi translate: cannot read no-such-file.json: no such file; give the path of a JSON record",
      "kakehashi translate: no-such-file.json を読めません: ファイルがありません。",
    ],
    [
      "a file that is not JSON",
      ["translate", "--from", "jc-star", "--to", "uk-psti", join(projectRoot, "README.md")],
      1,
      "kakehashi translate: ",
      "kakehashi translate: ",
    ],
    [
      "a record of another scheme (the API's problem, in the command line's terms)",
      ["translate", "--from", "uk-psti", "--to", "jc-star", record],
      1,
      "kakehashi translate: ",
      "kakehashi translate: ",
    ],
    [
      "server unreachable",
      ["matrix", "--url", nobody],
      3,
      `kakehashi matrix: cannot reach the server at ${nobody} (connection refused); start it, or check --url`,
      `kakehashi matrix: ${nobody} のサーバーに接続できません(connection refused)。サーバーを起動するか`,
    ],
    [
      "a server problem (500)",
      ["matrix", "--url", base],
      3,
      `kakehashi matrix: the server at ${base} failed (500 Internal Server Error): the store is down; try again later`,
      `kakehashi matrix: ${base} のサーバーでエラーが発生しました(500 Internal Server Error): the store is down。`,
    ],
    [
      "a server that wants a key (401)",
      ["equivalence", "jc-star:STAR-1", "uk-psti", "--url", base],
      1,
      "kakehashi equivalence: an API key is required; give an API key with --key (or KAKEHASHI_KEY)",
      "kakehashi equivalence: an API key is required。--key(または KAKEHASHI_KEY)で API キーを指定してください",
    ],
    [
      "unknown option",
      ["equivalence", "--bogus"],
      2,
      "kakehashi equivalence: unknown option --bogus (see kakehashi equivalence --help)",
      "kakehashi equivalence: オプション --bogus はありません(kakehashi equivalence --help を参照)",
    ],
    [
      "an option without its value",
      ["matrix", "--as-of"],
      2,
      "kakehashi matrix: --as-of needs a value (see kakehashi matrix --help)",
      "kakehashi matrix: --as-of には値を指定してください(kakehashi matrix --help を参照)",
    ],
    [
      "unknown command",
      ["frobnicate"],
      2,
      "kakehashi: unknown command frobnicate; commands: equivalence, matrix, translate, export, validate, import, diff, doctor",
      "kakehashi: コマンド frobnicate はありません。使えるコマンド: equivalence, matrix,",
    ],
    [
      "a missing argument",
      ["equivalence", "jc-star:STAR-1"],
      2,
      "kakehashi equivalence: expected <scheme:level> <scheme[:level]> (see kakehashi equivalence --help)",
      "kakehashi equivalence: <scheme:level> <scheme[:level]> の 2 つを指定してください(kakehashi equivalence --help を参照)",
    ],
    [
      "a translation without its record",
      ["translate", "--from", "jc-star", "--to", "uk-psti"],
      2,
      "kakehashi translate: expected --from, --to and a record file",
      "kakehashi translate: --from、--to 及び記録ファイルを指定してください",
    ],
    [
      "an unknown export",
      ["export", "csv", "nonsense"],
      2,
      "kakehashi export: no export csv nonsense; exports: csv crosswalks, csv matrix, csv equivalence, csv requirements",
      "kakehashi export: エクスポート csv nonsense はありません。使えるエクスポート: csv crosswalks,",
    ],
    [
      "contradicting options",
      ["export", "csv", "matrix", "--bom", "--no-bom"],
      2,
      "kakehashi export: --bom and --no-bom contradict each other; give one",
      "kakehashi export: --bom と --no-bom は同時に指定できません。いずれか一方を指定してください",
    ],
    [
      "doctor without a server",
      ["doctor"],
      2,
      "kakehashi doctor: the embedded catalog has no record store; give --url and an admin --key",
      "kakehashi doctor: 組み込みのカタログには記録ストアがありません。--url と管理者の --key を指定してください",
    ],
    [
      "unknown language",
      ["matrix", "--lang", "fr"],
      2,
      "kakehashi matrix: --lang takes en or ja, not fr (see kakehashi matrix --help)",
      "kakehashi matrix: --lang takes en or ja, not fr (see kakehashi matrix --help)",
    ],
  ];

  it("in English and in Japanese, with the exit code of its kind", async () => {
    for (const [what, args, code, english, japanese] of cases()) {
      for (const [env, start] of [
        [{}, english],
        [ja, japanese],
      ] as const) {
        const result = await cli.run(args, env);
        const lines = result.stderr.trimEnd().split("\n");
        expect({ what, env, code: result.code, lines: lines.length, stdout: result.stdout }).toEqual({
          what,
          env,
          code,
          lines: 1,
          stdout: "",
        });
        expect({ what, env, line: lines[0] }).toEqual({ what, env, line: expect.stringContaining(start) });
        // No raw error codes, no HTTP status alone, no JSON pointer, no repeated schema message.
        expect(lines[0]).not.toMatch(/ENOENT|EISDIR|ECONNREFUSED|: \d{3} \/|\/query\/|\/body\/|received undefined/);
      }
    }
  });
});
