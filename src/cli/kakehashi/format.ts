import type { components } from "../../client/index.ts";
import { stillToMeet, type WorkGroup } from "../../domain/equivalence/still-to-meet.ts";

/**
 * Human-readable renderings of the API's answers, for a terminal. `--json` prints the answer itself instead. The types
 * are the OpenAPI document's (what the typed client returns), so a field the document does not promise fails to
 * compile here rather than printing "undefined" against an older server.
 */
type EquivalenceAnswer = components["schemas"]["Equivalence"];
type TranslationResult = components["schemas"]["TranslationResult"];

export function equivalenceText(a: EquivalenceAnswer): string {
  const lines = [
    `${a.from.scheme} ${a.from.level} → ${a.to.scheme}${a.to.level ? ` ${a.to.level}` : ""} on ${a.asOf}` +
      `${a.category ? ` (${a.category})` : ""}: ${a.verdict}`,
    "",
    "Legal recognition:",
    ...(a.legal.rules.length > 0
      ? a.legal.rules.map(
          (r) =>
            `  ${r.effect} → ${r.toLevel} under ${r.arrangement} (${r.instrument}), from ${r.effectiveFrom}` +
            `${r.effectiveTo ? ` to ${r.effectiveTo}` : ""} [${r.confidence}]`,
        )
      : ["  none in force"]),
    ...a.legal.notApplied.map((n) => `  not applied: ${n.arrangement}/${n.rule} — ${n.reason}`),
    ...a.legal.statements.map((s) => `  statement: ${s.title} — ${s.summary}`),
    "",
    `Content coverage (best covered level: ${a.coverage.bestCoveredLevel ?? "none"}):`,
    ...a.coverage.levels.map(
      (l) =>
        `  ${l.level}: ${Math.round(l.ratio * 100)}% of ${l.requirements} — ${l.covered.length} covered, ` +
        `${l.partial.length} partial, ${l.undetermined.length} undetermined, ${l.missing.length} missing, ` +
        `${l.noMapping.length} no mapping${l.criteriaPublished ? "" : " (criteria not published)"}`,
    ),
    ...stillToMeetText(a),
    "",
    `Assurance: ${a.assurance.note.en}`,
    `Confidence: ${a.provenance.confidence}; catalog ${a.provenance.catalogDigest.slice(0, 12)}`,
  ];
  return `${lines.join("\n")}\n`;
}

type CoverageLevel = EquivalenceAnswer["coverage"]["levels"][number];
type Standing = CoverageLevel["covered"][number]["provisions"][number];

/** How each kind of work is headed in the list of what is still to do. */
const workHeading: Record<WorkGroup["work"], string> = {
  "technical-change": "Change the product",
  documentation: "Write or publish (documentation, policies, processes)",
  "third-party-test": "Have it tested by a third party",
  unclassified: "Not classified",
};

/**
 * For the level asked about (else the first), every requirement not covered, grouped by the work it takes: its
 * state, the hub provisions behind it and how the source level stands on each, and for chained rows the path and the
 * weakest confidence.
 */
function stillToMeetText(a: EquivalenceAnswer): string[] {
  const level = a.coverage.levels.find((l) => l.level === a.to.level) ?? a.coverage.levels[0];
  if (!level) return [];
  const details = new Map<string, string>();
  for (const m of level.partial) {
    details.set(
      m.requirement,
      provisionText(m.provisions) +
        (m.derived ? `\n        via ${m.path.join(" → ")} [${m.confidence}]` : ` [${m.confidence}]`),
    );
  }
  for (const u of level.undetermined) {
    details.set(
      u.requirement,
      provisionText(u.provisions) +
        (u.reason === "source-not-mapped"
          ? `\n        not yet mapped in the source level: ${u.unmappedSource.join(", ")}`
          : u.paths.map((p) => `\n        via ${p.join(" → ")} (undecided)`).join("")) +
        ` [${u.confidence}]`,
    );
  }
  for (const m of level.missing)
    details.set(m.requirement, m.gapNote ? ` — ${m.gapNote}` : provisionText(m.provisions));
  const states: Record<string, string> = {
    partial: "partial",
    undetermined: "undetermined",
    missing: "missing",
    noMapping: "no mapping",
  };
  const groups = stillToMeet(level);
  if (groups.length === 0) return [];
  return [
    "",
    `Still to do for ${level.level}:`,
    ...groups.flatMap((g) => [
      `  ${workHeading[g.work]}:`,
      ...g.items.map(
        (i) =>
          `    ${states[i.state]?.padEnd(13)} ${i.requirement} ${i.title ?? ""}`.trimEnd() +
          (details.get(i.requirement) ?? ""),
      ),
    ]),
  ];
}

/** " — provides 5.3-1, 5.3-2; partly 5.3-10 (undecided); not 5.3-6" for a requirement with hub provisions. */
function provisionText(provisions: readonly Standing[]): string {
  if (provisions.length === 0) return "";
  const words: Record<Standing["standing"], string> = {
    provided: "provides",
    "partly-provided": "partly",
    "not-provided": "not",
    unknown: "cannot tell",
  };
  const parts = (Object.keys(words) as Standing["standing"][])
    .map((standing) => {
      const ids = provisions
        .filter((p) => p.standing === standing)
        .map(
          (p) =>
            `${p.provision.split(":").at(-1)}${standing === "partly-provided" && !p.decided ? " (undecided)" : ""}`,
        );
      return ids.length > 0 ? `${words[standing]} ${ids.join(", ")}` : "";
    })
    .filter(Boolean);
  return ` — ${parts.join("; ")}`;
}

/**
 * A translation for people: every target record (one per model where the target holds one), then what is left
 * empty and why, and the warnings — in English, or in Japanese with `lang: "ja"`.
 */
export function translationText(t: TranslationResult, lang: "en" | "ja" = "en"): string {
  const records =
    t.records.length > 1
      ? t.records.flatMap((r) => [`Record for model ${r.model}:`, JSON.stringify(r.record, null, 2), ""])
      : [JSON.stringify(t.record, null, 2), ""];
  const lines = [
    `${t.from} → ${t.to} on ${t.asOf}: ${t.status}${t.recordValid ? "" : " (record incomplete for the target format)"}`,
    "",
    ...records,
    `Recognition: ${t.recognition.verdict}`,
    ...t.unmapped.map((u) => `Unmapped ${u.field} (${u.code}): ${u.reason[lang]}`),
    ...t.warnings.map((w) => `Warning ${w.field} (${w.code}): ${w.message[lang]}`),
  ];
  return `${lines.join("\n")}\n`;
}
