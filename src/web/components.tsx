import type { FC } from "hono/jsx";
import type { Confidence } from "../contracts/common.ts";
import type { Verdict } from "../contracts/equivalence.ts";
import { levelName, shortSchemeName } from "../domain/equivalence/summary.ts";

interface CitedSource {
  title: string;
  url: string;
  locator: string | null;
  kind: "primary" | "secondary";
}

import { OfficialTitle } from "./official-title.tsx";
import type { PageContext } from "./page-context.ts";
import { En } from "./quoted.tsx";
import { Shown } from "./shown-text.tsx";

/** Small pieces every page uses: chips, badges, requirement titles, source lists. */

export const VerdictChip: FC<{ ctx: PageContext; verdict: Verdict }> = ({ ctx, verdict }) => (
  <span class={`chip v-${verdict}`}>{ctx.t(`verdict.${verdict}`)}</span>
);

/** What each verdict means, one chip and one sentence each: the about page's glossary and the label page's legend. */
export const VerdictGlossary: FC<{ ctx: PageContext; verdicts: readonly Verdict[] }> = ({ ctx, verdicts }) => (
  <dl class="facts">
    {verdicts.map((v) => (
      <>
        <dt>
          <VerdictChip ctx={ctx} verdict={v} />
        </dt>
        <dd>{ctx.t(`verdictHelp.${v}`)}</dd>
      </>
    ))}
  </dl>
);

/** `help={false}` drops the tooltip where the page explains the levels once instead (the label page's legend). */
export const ConfidenceBadge: FC<{ ctx: PageContext; confidence: Confidence; help?: boolean }> = ({
  ctx,
  confidence,
  help = true,
}) => (
  <span class={`chip c-${confidence}`} title={help ? ctx.t(`confidenceHelp.${confidence}`) : undefined}>
    {ctx.t("confidence.label", { confidence: ctx.t(`confidence.${confidence}`) })}
  </span>
);

export type RequirementState = "covered" | "partial" | "undetermined" | "missing" | "noMapping";

export const StateChip: FC<{ ctx: PageContext; state: RequirementState }> = ({ ctx, state }) => (
  <span class={`chip s-${state}`}>{ctx.t(`state.${state}`)}</span>
);

/**
 * A requirement's title in the page's language, through the catalog's text accessor: the Japanese where the companion
 * file gives it, marked 「原文」 (quoted from a Japanese source) or 「参考訳」 (ours, the English one click away); else the
 * English title, else the paraphrase marked as such, else a note that no source gives one.
 */
export const RequirementTitle: FC<{ ctx: PageContext; scheme: string; id: string; mark?: boolean }> = ({
  ctx,
  scheme,
  id,
  mark = true, // false where the table says it once for all its rows (AuthoritativeNote)
}) => {
  const requirement = ctx.catalog.requirement(scheme, id);
  const title = requirement && ctx.text(requirement, "title");
  if (title) return <Shown ctx={ctx} text={title} mark={mark} />;
  // Some texts give their items no title (EU CRA Annex I): the data's paraphrase stands in, marked as such.
  const summary = requirement && ctx.text(requirement, "summary");
  if (summary) {
    return (
      <span>
        <Shown ctx={ctx} text={summary} mark={mark} /> <small class="muted">{ctx.t("title.summary")}</small>
      </span>
    );
  }
  return <span class="muted">{ctx.t("title.none")}</span>;
};

function authoritativeInJapanese(ctx: PageContext, scheme: string): boolean {
  return ctx.catalog.scheme(scheme)?.authoritativeLanguage === "ja";
}

/**
 * Said once above a table of titles on the compact label page, where the rows carry no mark of their own: the
 * Japanese of a scheme whose Japanese is authoritative is the original. Elsewhere the Japanese titles are reference
 * translations, which the note after the page's sections says once for all (label.tsx).
 */
export const AuthoritativeNote: FC<{ ctx: PageContext; scheme: string }> = ({ ctx, scheme }) => {
  if (ctx.lang !== "ja" || !authoritativeInJapanese(ctx, scheme)) return null;
  return <small class="muted"> {ctx.t("title.authoritativeAll")}</small>;
};

export const RequirementLink: FC<{ ctx: PageContext; scheme: string; id: string }> = ({ ctx, scheme, id }) => (
  <a href={ctx.href(`/schemes/${encodeURIComponent(scheme)}/requirements/${encodeURIComponent(id)}`)}>{id}</a>
);

/** A list of requirement ids with their titles, e.g. a rule's exempted or remaining requirements. */
export const RequirementList: FC<{ ctx: PageContext; scheme: string; ids: readonly string[] }> = ({
  ctx,
  scheme,
  ids,
}) => (
  <ul class="plain">
    {ids.map((id) => (
      <li>
        <RequirementLink ctx={ctx} scheme={scheme} id={id} /> <RequirementTitle ctx={ctx} scheme={scheme} id={id} />
      </li>
    ))}
  </ul>
);

/** `mark={false}` where the page's one note says its Japanese is a reference translation (the compact label page). */
export const SourceList: FC<{ ctx: PageContext; sources: readonly CitedSource[]; mark?: boolean }> = ({
  ctx,
  sources,
  mark = true,
}) => (
  <ul class="plain">
    {sources.map((s) => (
      <li>
        <OfficialTitle ctx={ctx} title={s.title} link={s.url} mark={mark} />
        {s.locator ? (
          <>
            , <En ctx={ctx}>{s.locator}</En>
          </>
        ) : null}{" "}
        <small>({ctx.t(`source.${s.kind}`)})</small>
      </li>
    ))}
  </ul>
);

export function labelText(ctx: PageContext, scheme: string, level: string): string {
  const schemeName = shortSchemeName(ctx.catalog, scheme, ctx.lang);
  const name = levelName(ctx.catalog, scheme, level, ctx.lang);
  // A level named as its scheme ends ("IT security label" of the "BSI IT security label") is said once.
  return schemeName.toLowerCase().endsWith(name.toLowerCase()) ? schemeName : `${schemeName} ${name}`;
}

export function levelText(ctx: PageContext, scheme: string, level: string): string {
  return levelName(ctx.catalog, scheme, level, ctx.lang);
}

export function schemeText(ctx: PageContext, scheme: string): string {
  return shortSchemeName(ctx.catalog, scheme, ctx.lang);
}

/** "from 2025-12-04" with the date kept on one line (a phone would break it at a hyphen). */
export const FromDate: FC<{ ctx: PageContext; date: string }> = ({ ctx, date }) => {
  const [before, after] = ctx.t("legal.from", { from: "\u0000" }).split("\u0000");
  return (
    <>
      {before}
      <time>{date}</time>
      {after}
    </>
  );
};

/** A step of a crosswalk path, `scheme:requirement` in the answer, as a reader names it: "ETSI EN 303 645 5.1-1". */
export function stepText(ctx: PageContext, step: string): string {
  const at = step.indexOf(":");
  return at < 0 ? step : `${schemeText(ctx, step.slice(0, at))} ${step.slice(at + 1)}`;
}

export function pathText(ctx: PageContext, path: readonly string[]): string {
  return path.map((step) => stepText(ctx, step)).join(" → ");
}

/** A crosswalk by the schemes it relates: "JC-STAR ↔ UK PSTI product security regime". */
export function crosswalkText(ctx: PageContext, id: string): string {
  const set = ctx.catalog.crosswalks().find((x) => x.id === id);
  return set ? `${schemeText(ctx, set.from.scheme)} ↔ ${schemeText(ctx, set.to.scheme)}` : id;
}

/** A product category's name in the page's language: the Japanese name where the vocabulary gives one. */
export function categoryText(ctx: PageContext, id: string): string {
  const category = ctx.catalog.category(id);
  return (category && ctx.text(category, "label")?.text) ?? id;
}

/** The product-category picker of the page forms; "any category" is the empty value. */
export const CategorySelect: FC<{ ctx: PageContext }> = ({ ctx }) => (
  <label>
    {ctx.t("home.form.category")}
    <select name="category">
      <option value="">{ctx.t("home.form.anyCategory")}</option>
      {ctx.catalog.catalog.categories.map((c) => (
        <option value={c.id} selected={c.id === ctx.category}>
          {categoryText(ctx, c.id)}
        </option>
      ))}
    </select>
  </label>
);
