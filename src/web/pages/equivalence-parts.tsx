import type { FC } from "hono/jsx";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import { conditionIn, feeNoteIn } from "../../domain/condition-text.ts";
import { arrangementShortName } from "../../domain/display-names.ts";
import { VALID_LABEL } from "../../domain/equivalence/legal.ts";
import {
  AuthoritativeNote,
  ConfidenceBadge,
  FromDate,
  labelText,
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
import { OfficialTitle, TitleRef } from "../official-title.tsx";
import type { PageContext } from "../page-context.ts";
import { enLang, nameLang, Quoting } from "../quoted.tsx";
import { Shown } from "../shown-text.tsx";
import { type CoverageLevel, coverageGroups, type Group, type ProvisionStanding } from "./coverage-groups.ts";

/** An arrangement's summary in the page's language (the statement of a multilateral initiative). */
const StatementSummary: FC<{ ctx: PageContext; arrangement: string; summary: string; mark: boolean }> = ({
  ctx,
  arrangement,
  summary,
  mark,
}) => {
  const entity = ctx.catalog.arrangements().find((a) => a.id === arrangement);
  const shown = entity && ctx.text(entity, "summary");
  // English data on a Japanese page: the mark on the paragraph itself, where a span would add bytes.
  if (!shown || shown.lang !== ctx.lang) return <p lang={enLang(ctx)}>{shown?.text ?? summary}</p>;
  return (
    <p>
      <Shown ctx={ctx} text={shown} mark={mark} />
    </p>
  );
};

/** A rule's conditions in the page's language where the arrangement's Japanese gives them (see conditionIn). */
const Conditions: FC<{ ctx: PageContext; rule: EquivalenceAnswer["legal"]["rules"][number]; mark: boolean }> = ({
  ctx,
  rule,
  mark,
}) => {
  // On the label page (no per-text marks) the condition every rule has is said once, after the sections (label.tsx).
  const listed = mark ? rule.conditions : rule.conditions.filter((condition) => condition !== VALID_LABEL);
  const shown = listed.map((condition) => conditionIn(ctx.catalog, ctx.lang, rule, condition));
  // All in English (no Japanese yet): one mark for the whole list, as light as before.
  if (shown.every((s) => s.lang !== ctx.lang)) {
    return (
      <ul class="plain" lang={enLang(ctx)}>
        {shown.map((s) => (
          <li>{s.text}</li>
        ))}
      </ul>
    );
  }
  return (
    <ul class="plain">
      {shown.map((s) => (
        <li>
          <Shown ctx={ctx} text={s} mark={mark} />
        </li>
      ))}
    </ul>
  );
};

/** The parts of an equivalence answer in human form, shared by the label page and the compare page. */

/**
 * The label page holds one section per target scheme and must weigh at most 60 KB (HTML + CSS) in both languages,
 * so its parts are compact where the compare page is complete. Nothing the issue asks of the label page goes:
 * - a rule's exempted / remaining requirements are listed by id (linked), their titles and states being in the
 *   coverage table right below, instead of a second titled list that repeats the table's rows;
 * - a statement shared by several targets (a multilateral initiative) is printed once, later sections link to it;
 * - a table row gives the requirement's id, title and state; which source requirements meet it, and through which
 *   derived path, is on the compare page; the Japanese titles' "authoritative" mark is said once per table;
 * - a verdict's meaning and the confidence levels are explained once, in a legend above the sections;
 * - a target whose levels differ (several tables) shows the full table for the level(s) that matter — the levels a
 *   rule recognises and the best fully covered level, else the lowest — and, for each other level, its counts and its
 *   missing requirements, linking to the compare page that holds that level's full table;
 * - a level of more than `compactTableRows` requirements (CLS Level 2 lists every mandatory provision of
 *   EN 303 645) is listed by state with linked ids instead of a titled table, the titles being a click away;
 * - what is still to do for the level that matters is one line of counts per kind of work, linking to the list.
 */
export interface Compact {
  /** The compare page of this pair for one target level: where the full table and derived paths live. */
  compareHref: (toLevel: string) => string;
  /** Statements (by arrangement) printed in full in an earlier section of the page, with the anchor to link to. */
  statementsAbove: ReadonlyMap<string, string>;
}

export const statementAnchor = (answer: EquivalenceAnswer, arrangement: string) =>
  `s-${answer.to.scheme}-${arrangement}`;

/** The verdict in words and the answer's own summary sentence. */
export const VerdictSummary: FC<{ ctx: PageContext; answer: EquivalenceAnswer; compact?: Compact }> = ({
  ctx,
  answer,
  compact,
}) =>
  compact ? (
    // The chip is on the section's one-line answer (`InstrumentLine`), the verdict's meaning in the label page's
    // legend, once for all sections. (No test id: a page of a dozen sections pays for every byte.)
    <p class="lead">
      <Summary ctx={ctx} answer={answer} />
    </p>
  ) : (
    <>
      {/* The answer first (verdict, instrument, date), then what the verdict means. */}
      <p class="lead">
        <VerdictChip ctx={ctx} verdict={answer.verdict} /> <InstrumentLine ctx={ctx} answer={answer} />
      </p>
      <p class="muted">{ctx.t(`verdictHelp.${answer.verdict}`)}</p>
      <p class="lead" data-testid="summary">
        <Summary ctx={ctx} answer={answer} />
      </p>
    </>
  );

/**
 * A legal instrument on a one-line answer: the citation its title ends with where it has one ("SI 2025/1267"), else
 * what kind of instrument it is, in the page's language ("Memorandum of understanding"): memoranda have no short
 * name, their whole titles run to a hundred characters, and the section the line opens gives the title in full.
 */
export function instrumentName(ctx: PageContext, arrangementId: string, title: string): string {
  const cited = arrangementShortName(title);
  if (cited !== title) return cited;
  const kind = ctx.catalog.arrangements().find((a) => a.id === arrangementId)?.instrument;
  return kind ? ctx.t(`instrument.${kind}`) : title;
}

/**
 * The rest of a label page's one-line answer for a target, after its verdict chip and name: the instrument the
 * verdict rests on and the date it applies from (the full title and dates are in the section below).
 */
export const InstrumentLine: FC<{ ctx: PageContext; answer: EquivalenceAnswer }> = ({ ctx, answer }) => {
  const rule = answer.legal.rules[0];
  if (!rule) return null;
  return (
    <small>
      <InstrumentName ctx={ctx} arrangement={rule.arrangement} title={rule.title} /> ·{" "}
      <FromDate ctx={ctx} date={rule.effectiveFrom} />
    </small>
  );
};

const InstrumentName: FC<{ ctx: PageContext; arrangement: string; title: string }> = ({ ctx, arrangement, title }) => {
  const name = instrumentName(ctx, arrangement, title);
  // A citation is English-only data; the kind of instrument is in the page's language.
  return arrangementShortName(title) !== title ? <span lang={enLang(ctx, name)}>{name}</span> : name;
};

/** The answer's summary sentences, which name the instrument a verdict rests on as the data gives it (in English). */
const Summary: FC<{ ctx: PageContext; answer: EquivalenceAnswer }> = ({ ctx, answer }) => (
  <Quoting ctx={ctx} text={answer.summary[ctx.lang]} quotes={answer.legal.rules.map((r) => r.title)} />
);

export const LegalBasis: FC<{
  ctx: PageContext;
  answer: EquivalenceAnswer;
  showNotApplied?: boolean;
  compact?: Compact;
}> = ({ ctx, answer, showNotApplied, compact }) => {
  const { t } = ctx;
  const to = answer.to.scheme;
  return (
    <>
      <h3>{t("legal.heading")}</h3>
      {answer.legal.rules.length === 0 ? <p>{t("legal.none")}</p> : null}
      {answer.legal.rules.map((rule) => (
        <div class="rule">
          <dl class="facts">
            {/* On the label page the instrument and its date are on the section's line, and in full in its summary
                sentence (the page holds a dozen sections and pays for every byte). */}
            {compact ? null : (
              <>
                <dt>{t("legal.instrument")}</dt>
                <dd data-testid="instrument">
                  <OfficialTitle ctx={ctx} title={rule.title} />
                </dd>
              </>
            )}
            <dt>{t("legal.effect")}</dt>
            <dd>{t(`effect.${rule.effect}` as Parameters<typeof t>[0])}</dd>
            <dt>{t("legal.toLevel")}</dt>
            <dd lang={nameLang(ctx, to)}>{levelText(ctx, to, rule.toLevel)}</dd>
            {compact && !rule.effectiveTo ? null : (
              <>
                <dt>{t("legal.effective")}</dt>
                <dd>
                  {rule.effectiveTo
                    ? t("legal.fromTo", { from: rule.effectiveFrom, to: rule.effectiveTo })
                    : t("legal.from", { from: rule.effectiveFrom })}
                </dd>
              </>
            )}
            <dt>{t("confidence.label", { confidence: "" }).replace(/[:：]\s*$/, "")}</dt>
            <dd>
              <ConfidenceBadge ctx={ctx} confidence={rule.confidence} help={!compact} />
            </dd>
          </dl>
          <h4>{t("legal.conditions")}</h4>
          <Conditions ctx={ctx} rule={rule} mark={!compact} />
          {rule.fees.length > 0 ? (
            <>
              <h4>{t("legal.fees")}</h4>
              <ul class="plain">
                {rule.fees.map((fee) => (
                  <li>
                    {fee.amount.toLocaleString("en")} {fee.currency}
                    {fee.note ? (
                      <>
                        {" "}
                        — <Shown ctx={ctx} text={feeNoteIn(ctx.catalog, ctx.lang, rule, fee.note)} mark={!compact} />
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <Requirements
            ctx={ctx}
            heading={t("legal.exempt")}
            scheme={to}
            level={rule.toLevel}
            ids={rule.exemptRequirements}
            compact={compact}
          />
          <Requirements
            ctx={ctx}
            heading={t("legal.remaining")}
            scheme={to}
            level={rule.toLevel}
            ids={rule.remainingRequirements}
            compact={compact}
          />
          <h4>{t("legal.sources")}</h4>
          <SourceList ctx={ctx} sources={rule.sources} mark={!compact} />
        </div>
      ))}
      {answer.legal.statements.map((statement) => {
        const above = compact?.statementsAbove.get(statement.arrangement);
        return above ? (
          <p>
            <TitleRef ctx={ctx} title={statement.title} /> <a href={`#${above}`}>{t("legal.statementAbove")}</a>
          </p>
        ) : (
          <div class="statement" id={compact ? statementAnchor(answer, statement.arrangement) : undefined}>
            <p>
              <OfficialTitle
                ctx={ctx}
                title={statement.title}
                strong
                mark={!compact}
                official={statement.status !== "no-arrangement"}
              />{" "}
              <ConfidenceBadge ctx={ctx} confidence={statement.confidence} help={!compact} />
            </p>
            <StatementSummary
              ctx={ctx}
              arrangement={statement.arrangement}
              summary={statement.summary}
              mark={!compact}
            />
            <SourceList ctx={ctx} sources={statement.sources} mark={!compact} />
          </div>
        );
      })}
      {showNotApplied && answer.legal.notApplied.length > 0 ? (
        <>
          <h4>{t("legal.notApplied")}</h4>
          <table>
            <thead>
              <tr>
                <th>{t("compare.arrangement")}</th>
                <th>{t("compare.rule")}</th>
                <th>{t("compare.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {answer.legal.notApplied.map((n) => (
                <tr>
                  <NotAppliedNames ctx={ctx} arrangement={n.arrangement} rule={n.rule} />
                  <td>{ctx.lang === "ja" ? n.reasonJa : n.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
};

/** A rule that does not apply, by names: the arrangement's title, and the rule as "label → label" (ids stay in JSON). */
const NotAppliedNames: FC<{ ctx: PageContext; arrangement: string; rule: string }> = ({ ctx, arrangement, rule }) => {
  const found = ctx.catalog.arrangements().find((a) => a.id === arrangement);
  const r = found?.rules.find((x) => x.id === rule);
  return (
    <>
      <td>{found ? <OfficialTitle ctx={ctx} title={found.title} /> : arrangement}</td>
      <td>
        {r ? (
          <Quoting
            ctx={ctx}
            text={`${labelText(ctx, r.from.scheme, r.from.minLevel)} → ${labelText(ctx, r.to.scheme, r.to.level)}`}
          />
        ) : (
          rule
        )}
      </td>
    </>
  );
};

/**
 * A rule's requirement list under its heading, nothing when the list is empty: with titles on the compare page; by id
 * on the label page (titles are in its table).
 */
const Requirements: FC<{
  ctx: PageContext;
  heading: string;
  scheme: string;
  level: string;
  ids: readonly string[];
  compact?: Compact;
}> = ({ ctx, heading, scheme, level, ids, compact }) => {
  if (ids.length === 0) return null;
  if (!compact) {
    return (
      <>
        <h4>{heading}</h4>
        <RequirementList ctx={ctx} scheme={scheme} ids={ids} />
      </>
    );
  }
  const all = ctx.catalog.level(scheme, level)?.allRequirements ?? [];
  const whole = ids.length > 1 && ids.length === all.length && all.every((id) => ids.includes(id));
  return (
    <>
      <h4>{heading}</h4>
      <p>
        {whole ? (
          <Quoting
            ctx={ctx}
            text={ctx.t("legal.allOfLevel", { count: ids.length, level: levelText(ctx, scheme, level) })}
          />
        ) : (
          ids.map((id, i) => (
            <>
              {i > 0 ? ", " : ""}
              <RequirementLink ctx={ctx} scheme={scheme} id={id} />
            </>
          ))
        )}{" "}
        <small class="muted">({ctx.t("legal.titlesBelow")})</small>
      </p>
    </>
  );
};

/**
 * "Of the hub standard's provisions behind this requirement: provides 5.3-1, 5.3-2; partly provides 5.3-10; …" —
 * the grain a regulator reads. Provisions whose chain cannot decide are said so.
 */
const ProvisionLine: FC<{ ctx: PageContext; provisions: readonly ProvisionStanding[] }> = ({ ctx, provisions }) => {
  if (provisions.length === 0) return null;
  // A provision whose own chain cannot decide anything about the requirement is marked so.
  const id = (p: ProvisionStanding) =>
    (p.provision.split(":").at(-1) ?? p.provision) +
    (p.standing === "partly-provided" && !p.decided && !p.inGroup ? ` ${ctx.t("provision.undecided")}` : "");
  const parts = (["provided", "partly-provided", "not-provided", "unknown"] as const)
    .map((standing) => {
      const ids = provisions.filter((p) => p.standing === standing).map(id);
      return ids.length > 0 ? ctx.t(`provision.${standing}`, { ids: ids.join(", ") }) : "";
    })
    .filter(Boolean);
  return (
    <small class="muted prov">
      {" "}
      {ctx.t("provision.of")} {parts.join("; ")}.
    </small>
  );
};

/** The levels a group of identical tables stands for, each with its count and, where so, "criteria not published". */
function captionOf(ctx: PageContext, scheme: string, group: Group): string {
  return group.levels
    .map(
      (l) =>
        ctx.t("coverage.level", {
          level: levelText(ctx, scheme, l.level),
          covered: l.covered.length,
          total: l.requirements,
        }) +
        // Each level of a shared table says on its own whether its criteria are published (★2–★4 of a scheme whose
        // drafts repeat ★1's requirements share ★1's rows, but not its status).
        (l.criteriaPublished || group.rows.length === 0 ? "" : ` (${ctx.t("coverage.unpublished")})`),
    )
    .join(" · ");
}

/** Above this many rows the label page lists a level's requirements by state, without titles (see `Compact`). */
const compactTableRows = 12;
const states: readonly RequirementState[] = ["covered", "partial", "undetermined", "missing", "noMapping"];

/** The levels whose table the compact label page shows in full: those a rule recognises and the best covered one. */
function featuredLevels(answer: EquivalenceAnswer): Set<string> {
  const levels = new Set(answer.legal.rules.map((r) => r.toLevel));
  if (answer.coverage.bestCoveredLevel) levels.add(answer.coverage.bestCoveredLevel);
  if (levels.size === 0 && answer.coverage.levels[0]) levels.add(answer.coverage.levels[0].level);
  return levels;
}

/**
 * Coverage per target level, as tables of requirements with titles and one of four states. Levels whose rows are
 * identical (EU CRA's conformity routes share Annex I; JC-STAR's draft levels repeat ★1) share one table, which keeps
 * the page light. On the label page (`compact`) a table's rows name the source requirements, not the derived path, and
 * a level that does not matter most is summed up in counts and gaps with a link to its full table (see `Compact`).
 */
export const CoverageTables: FC<{ ctx: PageContext; answer: EquivalenceAnswer; compact?: Compact }> = ({
  ctx,
  answer,
  compact,
}) => {
  const { t } = ctx;
  const scheme = answer.to.scheme;
  const groups = coverageGroups(ctx, scheme, answer.coverage.levels);
  const featured = featuredLevels(answer);
  return (
    <>
      <h3>{t("coverage.heading")}</h3>
      <p>
        {answer.coverage.bestCoveredLevel ? (
          <Quoting
            ctx={ctx}
            text={t("coverage.best", { level: levelText(ctx, scheme, answer.coverage.bestCoveredLevel) })}
          />
        ) : (
          t("coverage.bestNone")
        )}
      </p>
      {groups.map((group) => {
        const first = group.levels[0] as CoverageLevel;
        const caption = captionOf(ctx, scheme, group);
        if (group.rows.length === 0) {
          return (
            <p>
              <Quoting ctx={ctx} text={caption} />.{" "}
              {first.criteriaPublished ? t("coverage.empty") : t("coverage.unpublished")}
            </p>
          );
        }
        if (compact && groups.length > 1 && !group.levels.some((l) => featured.has(l.level))) {
          const count = (state: RequirementState) => group.rows.filter((r) => r.state === state).length;
          const missing = group.rows.filter((r) => r.state === "missing");
          const levels = group.levels
            .map(
              (l) => levelText(ctx, scheme, l.level) + (l.criteriaPublished ? "" : ` (${t("coverage.unpublished")})`),
            )
            .join(" · ");
          return (
            <p>
              <Quoting ctx={ctx} text={levels} />:{" "}
              {t("coverage.counts", {
                total: group.rows.length,
                covered: count("covered"),
                partial: count("partial"),
                undetermined: count("undetermined"),
                missing: count("missing"),
                noMapping: count("noMapping"),
              })}
              {missing.length > 0 ? (
                <>
                  {" "}
                  {t("coverage.missingIds")}{" "}
                  {missing.map((row, i) => (
                    <>
                      {i > 0 ? ", " : ""}
                      <RequirementLink ctx={ctx} scheme={scheme} id={row.requirement} />
                    </>
                  ))}
                  .
                </>
              ) : null}{" "}
              <a href={compact.compareHref(first.level)}>{t("coverage.fullTable")}</a>
            </p>
          );
        }
        if (compact && group.rows.length > compactTableRows) {
          // A long table (CLS Level 2 lists every mandatory provision of EN 303 645) is said as ids by state on the
          // label page; titles and the provisions behind each row are on the compare page.
          return (
            <div class="bystate">
              <p>
                <Quoting ctx={ctx} text={caption} />
              </p>
              <ul class="plain">
                {states
                  .map((state) => ({ state, rows: group.rows.filter((r) => r.state === state) }))
                  .filter((x) => x.rows.length > 0)
                  .map(({ state, rows }) => (
                    <li>
                      <StateChip ctx={ctx} state={state} /> {rows.length}:{" "}
                      {rows.map((row, i) => (
                        <>
                          {i > 0 ? ", " : ""}
                          <RequirementLink ctx={ctx} scheme={scheme} id={row.requirement} />
                        </>
                      ))}
                    </li>
                  ))}
              </ul>
              <p>
                <a href={compact.compareHref(first.level)}>{t("coverage.fullTable")}</a>
              </p>
            </div>
          );
        }
        return (
          <table class="cov">
            <caption>
              <Quoting ctx={ctx} text={caption} />
              {compact ? <AuthoritativeNote ctx={ctx} scheme={scheme} /> : null}
            </caption>
            <thead>
              <tr>
                <th>{t("coverage.requirement")}</th>
                <th>{t("coverage.title")}</th>
                <th>{t("coverage.state")}</th>
              </tr>
            </thead>
            <tbody>
              {group.rows.map((row) => (
                <tr data-state={compact ? undefined : row.state}>
                  <td>
                    <RequirementLink ctx={ctx} scheme={scheme} id={row.requirement} />
                  </td>
                  <td>
                    <RequirementTitle ctx={ctx} scheme={scheme} id={row.requirement} mark={!compact} />
                    {row.via.length > 0 && !compact && row.state !== "undetermined" ? (
                      <small class="muted">
                        {" "}
                        ← {t("coverage.via")}: {row.via.join(", ")}
                        {row.derived ? (
                          <Quoting
                            ctx={ctx}
                            text={` (${t("derived.via", { path: row.derived })})`}
                            quotes={[row.derived]}
                          />
                        ) : (
                          ""
                        )}
                      </small>
                    ) : null}
                    {row.undetermined && !compact ? (
                      <small class="muted">
                        {" "}
                        <Quoting
                          ctx={ctx}
                          text={
                            row.undetermined.reason === "chain-undecided"
                              ? t("undetermined.chain-undecided", { path: row.undetermined.path })
                              : t("undetermined.source-not-mapped", { ids: row.undetermined.ids })
                          }
                          // A path of names and requirement numbers reads as English: one mark for the whole of it.
                          quotes={row.undetermined.path.split("; ").concat(row.undetermined.ids)}
                        />
                      </small>
                    ) : null}
                    {/* A covered row is met: its hub detail would read as a doubt beside the chip (it stays in the JSON). */}
                    {compact || row.state === "covered" ? null : (
                      <ProvisionLine ctx={ctx} provisions={row.provisions} />
                    )}
                    {row.confidence && !compact ? (
                      <>
                        {" "}
                        <ConfidenceBadge ctx={ctx} confidence={row.confidence} />
                      </>
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
      {/* The note quotes the assessors as the data gives them, in English. */}
      <Quoting
        ctx={ctx}
        text={answer.assurance.note[ctx.lang]}
        quotes={[answer.assurance.from.assessor, answer.assurance.to?.assessor]}
      />
    </p>
  </>
);

export function targetTitle(ctx: PageContext, answer: EquivalenceAnswer): string {
  return answer.to.level
    ? `${schemeText(ctx, answer.to.scheme)} ${levelText(ctx, answer.to.scheme, answer.to.level)}`
    : schemeText(ctx, answer.to.scheme);
}
