import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import { type EquivalenceAnswer, verdicts } from "../../contracts/equivalence.ts";
import { conditionIn } from "../../domain/condition-text.ts";
import { VALID_LABEL } from "../../domain/equivalence/legal.ts";
import { CategorySelect, categoryText, labelText, schemeText, VerdictChip, VerdictGlossary } from "../components.tsx";
import { type PageContext, PageError } from "../page-context.ts";
import { nameLang, Quoting } from "../quoted.tsx";
import type { Page } from "../render.tsx";
import { sameDocument } from "../shown-text.tsx";
import {
  AssuranceNote,
  type Compact,
  CoverageTables,
  InstrumentLine,
  LegalBasis,
  statementAnchor,
  VerdictSummary,
} from "./equivalence-parts.tsx";
import { MarketAccessSection } from "./market-access-section.tsx";
import { StillToDo } from "./still-to-do.tsx";

export function findLabel(ctx: PageContext, schemeId: string, levelId: string) {
  const scheme = ctx.catalog.scheme(schemeId);
  if (!scheme) throw new PageError(404, ctx.t("error.unknownScheme", { id: schemeId }));
  const level = ctx.catalog.level(schemeId, levelId);
  if (!level) throw new PageError(404, ctx.t("error.unknownLevel", { scheme: schemeId, id: levelId }));
  return { scheme, level };
}

/** The status of a level in words: can a label be issued today, or are its criteria still a draft? */
export function LevelStatus({ ctx, scheme, level }: { ctx: PageContext; scheme: string; level: CompiledLevel }) {
  return (
    <p class={level.status === "available" ? "status" : "status unavailable"} data-testid="level-status">
      <Quoting ctx={ctx} text={ctx.t(`status.${level.status}`, { level: labelText(ctx, scheme, level.id) })} />
    </p>
  );
}

export function answerFor(
  ctx: PageContext,
  from: { scheme: CompiledScheme; level: CompiledLevel },
  to: CompiledScheme,
  toLevel?: CompiledLevel,
): EquivalenceAnswer {
  return ctx.engine.answer({ from, to: { scheme: to, level: toLevel }, asOf: ctx.asOf, category: ctx.category });
}

/** `/labels/{scheme}/{level}`: one label in every other scheme, one section per target scheme. */
export function labelPage(ctx: PageContext, schemeId: string, levelId: string): Page {
  const { t, catalog } = ctx;
  const from = findLabel(ctx, schemeId, levelId);
  const label = labelText(ctx, schemeId, levelId);
  const targets = catalog.allSchemes().filter((s) => s.id !== schemeId && s.levels.length > 0 && s.role !== "hub");
  const keep = { asOf: ctx.asOfGiven ? ctx.asOf : undefined, category: ctx.category };
  // The sections are compact (see `Compact` in equivalence-parts.tsx): the page must stay within 60 KB of HTML + CSS
  // in both languages for every label and category (tested today and after the CRA applies); the compare pages hold
  // the rest.
  const statementsAbove = new Map<string, string>();
  const sections = targets
    .map((target) => ({ target, answer: answerFor(ctx, from, target) }))
    // Strongest verdict first: what a reader came for (recognition) leads the page.
    .sort((a, b) => verdicts.indexOf(a.answer.verdict) - verdicts.indexOf(b.answer.verdict))
    .map(({ target, answer }) => {
      const base = `/compare/${encodeURIComponent(schemeId)}/${encodeURIComponent(levelId)}/${encodeURIComponent(target.id)}`;
      const compact: Compact = {
        compareHref: (toLevel) => ctx.href(`${base}/${encodeURIComponent(toLevel)}`, keep),
        statementsAbove: new Map(statementsAbove),
      };
      for (const statement of answer.legal.statements) {
        if (!statementsAbove.has(statement.arrangement))
          statementsAbove.set(statement.arrangement, statementAnchor(answer, statement.arrangement));
      }
      return { target, answer, compact, compare: base };
    });
  const body = (
    <>
      <h1>
        <Quoting ctx={ctx} text={t("label.title", { label })} />
      </h1>
      <p>
        {t("label.asOf", { date: ctx.asOf })}
        {ctx.category ? ` · ${t("label.category", { category: categoryText(ctx, ctx.category) })}` : ""}
      </p>
      <LevelStatus ctx={ctx} scheme={schemeId} level={from.level} />
      {/* The filters are one line until opened, so that the verdicts stand on the first screen of a phone. */}
      <details class="filter">
        <summary>{t("label.filter")}</summary>
        <form
          class="inline"
          method="get"
          action={`/labels/${encodeURIComponent(schemeId)}/${encodeURIComponent(levelId)}`}
        >
          {ctx.url.searchParams.get("lang") ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
          <label>
            {t("home.form.date")}
            <input type="date" name="asOf" value={ctx.asOf} min="2000-01-01" max="2100-12-31" />
          </label>
          <CategorySelect ctx={ctx} />
          <button type="submit">{t("label.apply")}</button>
        </form>
      </details>
      <MarketAccessSection ctx={ctx} from={from} keepAsOf={keep.asOf} targets={new Set(targets.map((s) => s.id))} />
      <h2 id="schemes">{t("label.schemes")}</h2>
      {/* One line per target scheme (verdict, instrument, date); the section opens below its line. */}
      {sections.map(({ target, answer, compact, compare }) => (
        <details class="line target" id={`t-${target.id}`} data-scheme={target.id}>
          <summary>
            <VerdictChip ctx={ctx} verdict={answer.verdict} />{" "}
            <b lang={nameLang(ctx, target.id)}>{schemeText(ctx, target.id)}</b>{" "}
            <InstrumentLine ctx={ctx} answer={answer} />
          </summary>
          <VerdictSummary ctx={ctx} answer={answer} compact={compact} />
          <LegalBasis ctx={ctx} answer={answer} compact={compact} />
          <CoverageTables ctx={ctx} answer={answer} compact={compact} />
          <StillToDo ctx={ctx} answer={answer} compact={compact} />
          <AssuranceNote ctx={ctx} answer={answer} />
          <p>
            <a href={ctx.href(compare, keep)}>{t("label.compare")}</a> ·{" "}
            <a
              href={`/v1/equivalence?${new URLSearchParams({
                from: `${schemeId}:${levelId}`,
                to: target.id,
                ...(keep.asOf ? { asOf: keep.asOf } : {}),
                ...(keep.category ? { category: keep.category } : {}),
              }).toString()}`}
            >
              {t("label.json")}
            </a>
          </p>
        </details>
      ))}
      {/* Said once for all the sections above (after them: the first lines stay on a phone's first screen), which carry no per-text marks (the page has a byte budget): the
          condition every rule has, and on a Japanese page that its Japanese is a reference translation. */}
      {sections.some(({ answer }) => answer.legal.rules.length > 0) ? (
        <p>
          <small>
            {t("label.everyRule", { condition: conditionIn(ctx.catalog, ctx.lang, noRule, VALID_LABEL).text })}
            {ctx.lang === "ja" ? (
              <>
                {" "}
                <a href={sameDocument(ctx.otherLangHref)}>{t("text.referenceAll")}</a>
              </>
            ) : null}
          </small>
        </p>
      ) : null}
      <details class="legend">
        <summary>{t("label.legend")}</summary>
        <VerdictGlossary ctx={ctx} verdicts={verdicts.filter((v) => sections.some((s) => s.answer.verdict === v))} />
        <p>
          {t("label.legendConfidence")} <a href={`${ctx.href("/about")}#confidence`}>{t("label.legendLink")}</a>
        </p>
      </details>
    </>
  );
  return { title: t("label.title", { label }), body };
}

/** No rule: the engine's own condition reads the same for every rule. */
const noRule = { arrangement: "", rule: "" };
