import type { FC } from "hono/jsx";
import type { EquivalenceAnswer } from "../../schemas/equivalence.ts";
import {
  ConfidenceBadge,
  levelText,
  RequirementLink,
  RequirementList,
  type RequirementState,
  RequirementTitle,
  SourceList,
  StateChip,
  schemeText,
  VerdictChip,
} from "../components.tsx";
import type { PageContext } from "../page-context.ts";

/** The parts of an equivalence answer in human form, shared by the label page and the compare page. */

/** The verdict in words and the answer's own summary sentence. */
export const VerdictSummary: FC<{ ctx: PageContext; answer: EquivalenceAnswer }> = ({ ctx, answer }) => (
  <>
    <p>
      <VerdictChip ctx={ctx} verdict={answer.verdict} />{" "}
      <span class="muted">{ctx.t(`verdictHelp.${answer.verdict}`)}</span>
    </p>
    <p class="lead" data-testid="summary">
      {answer.summary[ctx.lang]}
    </p>
  </>
);

export const LegalBasis: FC<{ ctx: PageContext; answer: EquivalenceAnswer; showNotApplied?: boolean }> = ({
  ctx,
  answer,
  showNotApplied,
}) => {
  const { t } = ctx;
  const to = answer.to.scheme;
  return (
    <>
      <h3>{t("legal.heading")}</h3>
      {answer.legal.rules.length === 0 ? <p>{t("legal.none")}</p> : null}
      {answer.legal.rules.map((rule) => (
        <div class="rule" data-testid="legal-rule">
          <dl class="facts">
            <dt>{t("legal.instrument")}</dt>
            <dd data-testid="instrument">{rule.title}</dd>
            <dt>{t("legal.effect")}</dt>
            <dd>{t(`effect.${rule.effect}` as Parameters<typeof t>[0])}</dd>
            <dt>{t("legal.toLevel")}</dt>
            <dd>{levelText(ctx, to, rule.toLevel)}</dd>
            <dt>{t("legal.effective")}</dt>
            <dd>
              {rule.effectiveTo
                ? t("legal.fromTo", { from: rule.effectiveFrom, to: rule.effectiveTo })
                : t("legal.from", { from: rule.effectiveFrom })}
            </dd>
            <dt>{t("confidence.label", { confidence: "" }).replace(/[:：]\s*$/, "")}</dt>
            <dd>
              <ConfidenceBadge ctx={ctx} confidence={rule.confidence} />
            </dd>
          </dl>
          <h4>{t("legal.conditions")}</h4>
          <ul class="plain">
            {rule.conditions.map((condition) => (
              <li lang="en">{condition}</li>
            ))}
          </ul>
          {rule.fees.length > 0 ? (
            <>
              <h4>{t("legal.fees")}</h4>
              <ul class="plain">
                {rule.fees.map((fee) => (
                  <li>
                    {fee.amount.toLocaleString("en")} {fee.currency}
                    {fee.note ? <span lang="en"> — {fee.note}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {rule.exemptRequirements.length > 0 ? (
            <>
              <h4>{t("legal.exempt")}</h4>
              <RequirementList ctx={ctx} scheme={to} ids={rule.exemptRequirements} />
            </>
          ) : null}
          {rule.remainingRequirements.length > 0 ? (
            <>
              <h4>{t("legal.remaining")}</h4>
              <RequirementList ctx={ctx} scheme={to} ids={rule.remainingRequirements} />
            </>
          ) : null}
          <h4>{t("legal.sources")}</h4>
          <SourceList ctx={ctx} sources={rule.sources} />
        </div>
      ))}
      {answer.legal.statements.map((statement) => (
        <div class="statement">
          <p>
            <strong lang="en">{statement.title}</strong> <ConfidenceBadge ctx={ctx} confidence={statement.confidence} />
          </p>
          <p lang="en">{statement.summary}</p>
          <SourceList ctx={ctx} sources={statement.sources} />
        </div>
      ))}
      {showNotApplied && answer.legal.notApplied.length > 0 ? (
        <>
          <h4>{t("legal.notApplied")}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("compare.arrangement")}</th>
                <th scope="col">{t("compare.rule")}</th>
                <th scope="col">{t("compare.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {answer.legal.notApplied.map((n) => (
                <tr>
                  <td>{n.arrangement}</td>
                  <td>{n.rule}</td>
                  <td lang="en">{n.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
};

interface Row {
  requirement: string;
  state: RequirementState;
  via: string[];
  derived: string | null;
}

type CoverageLevel = EquivalenceAnswer["coverage"]["levels"][number];

function rowsOf(ctx: PageContext, scheme: string, level: CoverageLevel): Row[] {
  const state = new Map<string, Row>();
  for (const m of level.covered)
    state.set(m.requirement, {
      requirement: m.requirement,
      state: "covered",
      via: m.via,
      derived: m.derived ? m.path.join(" → ") : null,
    });
  for (const m of level.partial)
    state.set(m.requirement, {
      requirement: m.requirement,
      state: "partial",
      via: m.via,
      derived: m.derived ? m.path.join(" → ") : null,
    });
  for (const m of level.missing)
    state.set(m.requirement, { requirement: m.requirement, state: "missing", via: [], derived: null });
  for (const m of level.noMapping)
    state.set(m.requirement, { requirement: m.requirement, state: "noMapping", via: [], derived: null });
  const order = ctx.catalog.level(scheme, level.level)?.allRequirements ?? [...state.keys()];
  return order.map((id) => state.get(id)).filter((r): r is Row => r !== undefined);
}

/**
 * Coverage per target level, as tables of requirements with titles and one of four states. Levels whose rows are
 * identical (EU CRA's conformity routes share Annex I) share one table, which keeps the page light.
 */
export const CoverageTables: FC<{ ctx: PageContext; answer: EquivalenceAnswer }> = ({ ctx, answer }) => {
  const { t } = ctx;
  const scheme = answer.to.scheme;
  const groups: { levels: CoverageLevel[]; rows: Row[] }[] = [];
  for (const level of answer.coverage.levels) {
    const rows = rowsOf(ctx, scheme, level);
    const key = JSON.stringify(rows);
    const same = groups.find(
      (g) => JSON.stringify(g.rows) === key && g.levels[0]?.criteriaPublished === level.criteriaPublished,
    );
    if (same) same.levels.push(level);
    else groups.push({ levels: [level], rows });
  }
  return (
    <>
      <h3>{t("coverage.heading")}</h3>
      <p>
        {answer.coverage.bestCoveredLevel
          ? t("coverage.best", { level: levelText(ctx, scheme, answer.coverage.bestCoveredLevel) })
          : t("coverage.bestNone")}
      </p>
      {groups.map((group) => {
        const first = group.levels[0] as CoverageLevel;
        const caption = group.levels
          .map((l) =>
            t("coverage.level", {
              level: levelText(ctx, scheme, l.level),
              covered: l.covered.length,
              total: l.requirements,
            }),
          )
          .join(" · ");
        return group.rows.length === 0 ? (
          <p>
            {caption}. {first.criteriaPublished ? t("coverage.empty") : t("coverage.unpublished")}
          </p>
        ) : (
          <table data-testid="coverage">
            <caption>
              {caption}
              {first.criteriaPublished ? "" : ` (${t("coverage.unpublished")})`}
            </caption>
            <colgroup>
              <col class="id" />
              <col />
              <col class="state" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t("coverage.requirement")}</th>
                <th scope="col">{t("coverage.title")}</th>
                <th scope="col">{t("coverage.state")}</th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row) => (
                <tr data-state={row.state}>
                  <td>
                    <RequirementLink ctx={ctx} scheme={scheme} id={row.requirement} />
                  </td>
                  <td>
                    <RequirementTitle ctx={ctx} scheme={scheme} id={row.requirement} />
                    {row.via.length > 0 ? (
                      <small class="muted">
                        {" "}
                        ← {t("coverage.via")}: {row.via.join(", ")}
                        {row.derived ? ` (${t("derived.via", { path: row.derived })})` : ""}
                      </small>
                    ) : null}
                  </td>
                  <td>
                    <StateChip ctx={ctx} state={row.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </>
  );
};

export const AssuranceNote: FC<{ ctx: PageContext; answer: EquivalenceAnswer }> = ({ ctx, answer }) => (
  <>
    <h3>{ctx.t("assurance.heading")}</h3>
    <p>
      {ctx.t(answer.assurance.gap ? "assurance.gap" : "assurance.noGap", { note: "" })}
      {answer.assurance.note[ctx.lang]}
    </p>
  </>
);

export function targetTitle(ctx: PageContext, answer: EquivalenceAnswer): string {
  return answer.to.level
    ? `${schemeText(ctx, answer.to.scheme)} ${levelText(ctx, answer.to.scheme, answer.to.level)}`
    : schemeText(ctx, answer.to.scheme);
}
