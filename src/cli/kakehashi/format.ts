import type { components } from "../../client/index.ts";
import { stillToMeet } from "../../domain/equivalence/still-to-meet.ts";
import type { MessageKey } from "../../i18n/en.ts";
import type { Translate } from "../../i18n/messages.ts";
import type { CatalogNames } from "./catalog-names.ts";

/**
 * Human-readable renderings of the API's answers, for a terminal, in the command's language. Names, never ids:
 * schemes, levels and instruments as people know them (CatalogNames); requirements by their own numbers and titles.
 * `--json` prints the answer itself instead. The types are the OpenAPI document's (what the typed client returns), so
 * a field the document does not promise fails to compile here rather than printing "undefined" against an older
 * server.
 */
type EquivalenceAnswer = components["schemas"]["Equivalence"];
type TranslationResult = components["schemas"]["TranslationResult"];
type LegalRule = EquivalenceAnswer["legal"]["rules"][number];
type CitedSource = LegalRule["sources"][number];

export function equivalenceText(a: EquivalenceAnswer, names: CatalogNames, t: Translate): string {
  const to = names.scheme(a.to.scheme);
  const lines = [
    t("cli.heading", {
      from: names.label(a.from.scheme, a.from.level),
      to: a.to.level ? names.label(a.to.scheme, a.to.level) : to,
      date: a.asOf,
      verdict: t(`verdict.${a.verdict}`),
    }),
    ...(a.category ? [t("cli.category", { category: names.category(a.category) })] : []),
    "",
    `${t("cli.legal.heading")}:`,
    ...(a.legal.rules.length > 0 ? a.legal.rules.flatMap((r) => ruleText(r, a, names, t)) : [`  ${t("legal.none")}`]),
    ...a.legal.notApplied.map(
      (n) =>
        `  ${t("cli.legal.notApplied", { instrument: names.arrangement(n.title), reason: (names.lang === "ja" && n.reasonJa) || n.reason })}`,
    ),
    ...a.legal.statements.flatMap((s) => [
      `  ${t("cli.legal.statement", { title: names.arrangement(s.title), summary: names.text(s.summary) })}`,
      ...sourcesText(s.sources, names, t, "    "),
    ]),
    "",
    `${t("cli.coverage.heading", { to })}:`,
    `  ${
      a.coverage.bestCoveredLevel
        ? t("coverage.best", { level: names.level(a.to.scheme, a.coverage.bestCoveredLevel) })
        : t("coverage.bestNone")
    }`,
    ...a.coverage.levels.map(
      (l) =>
        `  ${t("cli.coverage.level", {
          level: names.level(a.to.scheme, l.level),
          counts: t("coverage.counts", {
            total: l.requirements,
            covered: l.covered.length,
            partial: l.partial.length,
            undetermined: l.undetermined.length,
            missing: l.missing.length,
            noMapping: l.noMapping.length,
          }),
        })}${l.criteriaPublished ? "" : ` (${t("coverage.unpublished")})`}`,
    ),
    ...stillToMeetText(a, names, t),
    "",
    t("cli.assurance", { note: assuranceNote(a, names, t) }),
    t("cli.provenance", {
      confidence: t(`confidence.${a.provenance.confidence}`),
      digest: a.provenance.catalogDigest.slice(0, 12),
    }),
  ];
  return `${lines.join("\n")}\n`;
}

/** A rule that applies: instrument, effect, level and dates, then its conditions, fees, requirements and sources. */
function ruleText(r: LegalRule, a: EquivalenceAnswer, names: CatalogNames, t: Translate): string[] {
  const requirements = (key: MessageKey, ids: readonly string[]) =>
    ids.length > 0 ? [`    ${t(key)}: ${ids.join(", ")}`] : [];
  return [
    `  ${t("cli.legal.rule", {
      instrument: names.arrangement(r.title),
      effect: t(`effect.${r.effect}` as MessageKey),
      level: names.level(a.to.scheme, r.toLevel),
      effective: r.effectiveTo
        ? t("legal.fromTo", { from: r.effectiveFrom, to: r.effectiveTo })
        : t("legal.from", { from: r.effectiveFrom }),
    })} · ${t("cli.legal.confidence", { confidence: t(`confidence.${r.confidence}`) })}`,
    ...(r.conditions.length > 0
      ? [`    ${t("legal.conditions")}:`, ...r.conditions.map((c) => `      - ${names.condition(r, c)}`)]
      : []),
    ...(r.fees.length > 0
      ? [
          `    ${t("legal.fees")}:`,
          ...r.fees.map((f) => `      - ${f.amount} ${f.currency}${f.note ? ` — ${names.text(f.note)}` : ""}`),
        ]
      : []),
    ...requirements("legal.exempt", r.exemptRequirements),
    ...requirements("legal.remaining", r.remainingRequirements),
    ...sourcesText(r.sources, names, t, "    "),
  ];
}

function sourcesText(sources: readonly CitedSource[], names: CatalogNames, t: Translate, indent: string): string[] {
  if (sources.length === 0) return [];
  return [
    `${indent}${t("legal.sources")}:`,
    ...sources.map(
      (s) =>
        `${indent}  - ${t("cli.source", {
          title: names.title(s.title, t),
          locator: s.locator ? `, ${names.text(s.locator)}` : "",
          kind: t(`source.${s.kind}`),
          url: s.url,
        })}`,
    ),
  ];
}

/** The assessment comparison, in the command's words with the names people know (the API's note names ids too). */
function assuranceNote(a: EquivalenceAnswer, names: CatalogNames, t: Translate): string {
  const { from, to } = a.assurance;
  if (!to) return t("assurance.note.noLevel");
  const values = {
    from: names.label(a.from.scheme, from.level),
    fromMode: t(`assuranceMode.${from.mode}`),
    to: names.label(a.to.scheme, to.level),
    toMode: t(`assuranceMode.${to.mode}`),
    assessor: names.text(to.assessor),
  };
  return a.assurance.gap ? t("assurance.note.gap", values) : t("assurance.note.noGap", values);
}

type CoverageLevel = EquivalenceAnswer["coverage"]["levels"][number];
type Standing = CoverageLevel["covered"][number]["provisions"][number];

const stateKey: Record<string, MessageKey> = {
  partial: "state.partial",
  undetermined: "state.undetermined",
  missing: "state.missing",
  noMapping: "state.noMapping",
};

/**
 * For the level asked about (else the first), every requirement not covered, grouped by the work it takes, counted
 * against all the level's requirements (no-mapping and undetermined ones included: they are not covered either):
 * its state, the hub provisions behind it and how the source level stands on each, and for chained rows the path and
 * the weakest confidence.
 */
function stillToMeetText(a: EquivalenceAnswer, names: CatalogNames, t: Translate): string[] {
  const level = a.coverage.levels.find((l) => l.level === a.to.level) ?? a.coverage.levels[0];
  if (!level) return [];
  const path = (steps: readonly string[]) => steps.map((step) => names.requirement(step)).join(" → ");
  const confidence = (c: Standing["confidence"]) => ` [${t(`confidence.${c}`)}]`;
  const details = new Map<string, string>();
  for (const m of level.partial) {
    details.set(
      m.requirement,
      provisionText(m.provisions, t) +
        (m.derived ? `\n        ${t("cli.todo.via", { path: path(m.path) })}` : "") +
        confidence(m.confidence),
    );
  }
  for (const u of level.undetermined) {
    details.set(
      u.requirement,
      provisionText(u.provisions, t) +
        (u.reason === "source-not-mapped"
          ? `\n        ${t("undetermined.source-not-mapped", { ids: u.unmappedSource.join(", ") })}`
          : u.paths.map((p) => `\n        ${t("cli.todo.undecided", { path: path(p) })}`).join("")) +
        confidence(u.confidence),
    );
  }
  for (const m of level.missing)
    details.set(m.requirement, m.gapNote ? ` — ${names.text(m.gapNote)}` : provisionText(m.provisions, t));
  const groups = stillToMeet(level);
  if (groups.length === 0) return [];
  const states = Object.fromEntries(Object.entries(stateKey).map(([state, key]) => [state, t(key)]));
  const width = Math.max(...Object.values(states).map((s) => displayWidth(s)));
  return [
    "",
    t("cli.todo.heading", {
      level: names.level(a.to.scheme, level.level),
      left: groups.reduce((n, g) => n + g.items.length, 0),
      total: level.requirements,
    }),
    ...groups.flatMap((g) => [
      `  ${t(`todo.${g.work}`)}:`,
      ...g.items.map((i) => {
        const state = states[i.state] ?? i.state;
        const title = i.title ? names.text(i.title) : "";
        return (
          `    ${state}${" ".repeat(width - displayWidth(state))}  ${i.requirement} ${title}`.trimEnd() +
          (details.get(i.requirement) ?? "")
        );
      }),
    ]),
  ];
}

/** Columns a text takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ||
      code >= 0x20000
        ? 2
        : 1;
  }
  return width;
}

/** " — provides 5.3-1, 5.3-2; partly provides 5.3-10 (undecided); …" for a requirement with hub provisions. */
function provisionText(provisions: readonly Standing[], t: Translate): string {
  if (provisions.length === 0) return "";
  const standings: Standing["standing"][] = ["provided", "partly-provided", "not-provided", "unknown"];
  const parts = standings
    .map((standing) => {
      const ids = provisions
        .filter((p) => p.standing === standing)
        .map(
          (p) =>
            `${p.provision.split(":").at(-1)}${standing === "partly-provided" && !p.decided ? ` ${t("provision.undecided")}` : ""}`,
        );
      return ids.length > 0 ? t(`provision.${standing}`, { ids: ids.join(", ") }) : "";
    })
    .filter(Boolean);
  return ` — ${parts.join("; ")}`;
}

/**
 * A translation for people: every target record (one per model where the target holds one), then what is left
 * empty and why, and the warnings — the API gives their reasons in English and Japanese.
 */
export function translationText(r: TranslationResult, names: CatalogNames, t: Translate): string {
  const records =
    r.records.length > 1
      ? r.records.flatMap((m) => [
          t("cli.translate.model", { model: m.model ?? "—" }),
          JSON.stringify(m.record, null, 2),
          "",
        ])
      : [JSON.stringify(r.record, null, 2), ""];
  const lines = [
    t("cli.translate.heading", {
      from: names.scheme(r.from),
      to: names.scheme(r.to),
      date: r.asOf,
      status: t(`cli.translate.status.${r.status}`),
    }) + (r.recordValid ? "" : ` (${t("cli.translate.incomplete")})`),
    "",
    ...records,
    t("cli.translate.recognition", { verdict: t(`verdict.${r.recognition.verdict}`) }),
    ...r.unmapped.map((u) =>
      t("cli.translate.unmapped", { field: u.field, code: u.code, reason: u.reason[names.lang] }),
    ),
    ...r.warnings.map((w) =>
      t("cli.translate.warning", { field: w.field ?? "—", code: w.code, message: w.message[names.lang] }),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
