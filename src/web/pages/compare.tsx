import { ConfidenceBadge, crosswalkText, labelText, pathText } from "../components.tsx";
import { type PageContext, PageError } from "../page-context.ts";
import { Quoting } from "../quoted.tsx";
import type { Page } from "../render.tsx";
import { AssuranceNote, CoverageTables, LegalBasis, targetTitle, VerdictSummary } from "./equivalence-parts.tsx";
import { answerFor, findLabel, LevelStatus } from "./label.tsx";
import { StillToDo } from "./still-to-do.tsx";

/** `/compare/{fromScheme}/{fromLevel}/{toScheme}[/{toLevel}]`: one pair in depth, with a link to the same JSON. */
export function comparePage(
  ctx: PageContext,
  fromScheme: string,
  fromLevel: string,
  toScheme: string,
  toLevel?: string,
): Page {
  const { t } = ctx;
  const from = findLabel(ctx, fromScheme, fromLevel);
  const target = ctx.catalog.scheme(toScheme);
  if (!target || target.levels.length === 0) throw new PageError(404, t("error.unknownScheme", { id: toScheme }));
  const level = toLevel === undefined ? undefined : ctx.catalog.level(toScheme, toLevel);
  if (toLevel !== undefined && !level)
    throw new PageError(404, t("error.unknownLevel", { scheme: toScheme, id: toLevel }));
  if (fromScheme === toScheme)
    throw new PageError(400, t("error.badField", { field: "toScheme", detail: t("error.sameScheme") }));
  const answer = answerFor(ctx, from, target, level);
  const title = t("compare.title", { from: labelText(ctx, fromScheme, fromLevel), to: targetTitle(ctx, answer) });
  const json = `/v1/equivalence?${new URLSearchParams({
    from: `${fromScheme}:${fromLevel}`,
    to: toLevel ? `${toScheme}:${toLevel}` : toScheme,
    ...(ctx.asOfGiven ? { asOf: ctx.asOf } : {}),
    ...(ctx.category ? { category: ctx.category } : {}),
  }).toString()}`;
  const body = (
    <>
      <h1>
        <Quoting ctx={ctx} text={title} />
      </h1>
      <p>
        {t("label.asOf", { date: ctx.asOf })} · <a href={json}>{t("label.json")}</a>
      </p>
      <LevelStatus ctx={ctx} scheme={fromScheme} level={from.level} />
      <h2>{t("compare.summary")}</h2>
      <VerdictSummary ctx={ctx} answer={answer} />
      <LegalBasis ctx={ctx} answer={answer} showNotApplied />
      <CoverageTables ctx={ctx} answer={answer} />
      <StillToDo ctx={ctx} answer={answer} />
      <h3>{t("compare.paths")}</h3>
      {answer.provenance.derivedPaths.length === 0 ? (
        <p>{t("compare.noPaths")}</p>
      ) : (
        <ul class="plain">
          {answer.provenance.derivedPaths.map((path) => (
            <li>
              <Quoting ctx={ctx} text={pathText(ctx, path)} quotes={[pathText(ctx, path)]} />
            </li>
          ))}
        </ul>
      )}
      <AssuranceNote ctx={ctx} answer={answer} />
      <h3>{t("compare.provenance")}</h3>
      <p>
        <ConfidenceBadge ctx={ctx} confidence={answer.provenance.confidence} />{" "}
        {t("compare.weakest", { confidence: t(`confidence.${answer.provenance.confidence}`) })}
      </p>
      <p>
        {t("compare.mappingSets")}:{" "}
        <Quoting ctx={ctx} text={answer.provenance.mappingSets.map((id) => crosswalkText(ctx, id)).join(", ") || "—"} />
      </p>
    </>
  );
  return { title, body };
}
