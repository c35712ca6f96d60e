import type { AnswerDiff } from "./answer-diff.ts";

/**
 * The diff as Markdown for a pull request: one bullet per distinct change (same question, field, before and after),
 * with the dates and categories it holds for, so that a change that holds on every date and for every category reads
 * as one line rather than hundreds.
 */
export function diffMarkdown(diff: AnswerDiff, baseRef: string): string {
  const lines = [
    `## What this data change does to the answers (against \`${baseRef}\`)`,
    "",
    `Catalog ${diff.base.digest.slice(0, 12)} → ${diff.head.digest.slice(0, 12)}; ${diff.questions} answers compared ` +
      `on ${diff.dates.length} date(s) where a rule starts or ends (${diff.dates.join(", ") || "none"}).`,
    "",
  ];
  if (diff.changed.length === 0) {
    lines.push("**No answer changes.**");
    return `${lines.join("\n")}\n`;
  }
  const groups = new Map<
    string,
    { title: string; field: string; before: string; after: string; dates: Set<string>; categories: Set<string> }
  >();
  for (const change of diff.changed) {
    for (const c of change.changes) {
      const key = [change.from, change.to, c.field, c.before, c.after].join("\u0000");
      const group = groups.get(key) ?? {
        title: `${change.from} → ${change.to}`,
        field: c.field,
        before: c.before,
        after: c.after,
        dates: new Set<string>(),
        categories: new Set<string>(),
      };
      group.dates.add(change.asOf);
      group.categories.add(change.category ?? "(no category)");
      groups.set(key, group);
    }
  }
  const allCategories = new Set(diff.changed.map((c) => c.category ?? "(no category)"));
  const questions = new Set(diff.changed.map((c) => `${c.from}|${c.to}`));
  lines.push(`**${diff.changed.length} answer(s) change** (${questions.size} question(s)):`, "");
  let current = "";
  for (const group of [...groups.values()].sort((a, b) => a.title.localeCompare(b.title))) {
    if (group.title !== current) {
      lines.push(`- **${group.title}**`);
      current = group.title;
    }
    lines.push(
      `  - ${group.field}: ${group.before} → **${group.after}** — on ${[...group.dates].sort().join(", ")}; ` +
        `for ${group.categories.size === allCategories.size && allCategories.size > 2 ? "every category and none" : [...group.categories].join(", ")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
