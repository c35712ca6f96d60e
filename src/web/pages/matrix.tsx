import { CategorySelect, levelText, schemeText, VerdictChip } from "../components.tsx";
import { type PageContext, PageError } from "../page-context.ts";
import { nameLang, Quoting } from "../quoted.tsx";
import type { Page } from "../render.tsx";
import { answerFor } from "./label.tsx";

/** `/matrix?from=&to=&asOf=&category=`: levels × schemes, a verdict chip and the best covered level per cell. */
export function matrixPage(ctx: PageContext): Page {
  const { t, catalog } = ctx;
  const withLevels = catalog.allSchemes().filter((s) => s.levels.length > 0 && s.role !== "hub");
  const home = withLevels.find((s) => s.role === "home") ?? withLevels[0];
  const fromId = ctx.url.searchParams.get("from") || home?.id || "";
  const source = catalog.scheme(fromId);
  if (!source || source.levels.length === 0) {
    throw new PageError(400, t("error.badField", { field: "from", detail: t("error.unknownScheme", { id: fromId }) }));
  }
  const toId = ctx.url.searchParams.get("to") || undefined;
  if (toId && !withLevels.some((s) => s.id === toId && s.id !== fromId)) {
    throw new PageError(400, t("error.badField", { field: "to", detail: t("error.unknownScheme", { id: toId }) }));
  }
  const targets = withLevels.filter((s) => s.id !== source.id && (!toId || s.id === toId));
  const keep = { asOf: ctx.asOfGiven ? ctx.asOf : undefined, category: ctx.category };
  const body = (
    <>
      <h1>{t("matrix.title")}</h1>
      <p>{t("matrix.intro")}</p>
      <form class="inline" method="get" action="/matrix">
        {ctx.url.searchParams.get("lang") ? <input type="hidden" name="lang" value={ctx.lang} /> : null}
        <label>
          {t("matrix.from")}
          <select name="from">
            {withLevels.map((s) => (
              <option value={s.id} selected={s.id === source.id} lang={nameLang(ctx, s.id)}>
                {schemeText(ctx, s.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("matrix.to")}
          <select name="to">
            <option value="">{t("matrix.allTargets")}</option>
            {withLevels.map((s) => (
              <option value={s.id} selected={s.id === toId} lang={nameLang(ctx, s.id)}>
                {schemeText(ctx, s.id)}
              </option>
            ))}
          </select>
        </label>
        <CategorySelect ctx={ctx} />
        <label>
          {t("home.form.date")}
          <input type="date" name="asOf" value={ctx.asOf} min="2000-01-01" max="2100-12-31" />
        </label>
        <button type="submit">{t("label.apply")}</button>
      </form>
      <p>{t("label.asOf", { date: ctx.asOf })}</p>
      {/* A frame that scrolls sideways on a narrow screen (focusable, so that a keyboard can scroll it too). */}
      <section class="scroll" tabindex={0} aria-labelledby="matrix-caption">
        <table class="matrix" data-testid="matrix">
          <caption id="matrix-caption" lang={nameLang(ctx, source.id)}>
            {schemeText(ctx, source.id)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("matrix.level")}</th>
              {targets.map((s) => (
                <th scope="col" lang={nameLang(ctx, s.id)}>
                  {schemeText(ctx, s.id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {source.levels.map((level) => (
              <tr>
                <th scope="row">
                  <a href={ctx.href(`/labels/${source.id}/${level.id}`, keep)} lang={nameLang(ctx, source.id)}>
                    {levelText(ctx, source.id, level.id)}
                  </a>
                  {level.status === "available" ? null : <small>{t("matrix.notYet")}</small>}
                </th>
                {targets.map((target) => {
                  const answer = answerFor(ctx, { scheme: source, level }, target);
                  return (
                    <td data-label={schemeText(ctx, target.id)}>
                      <a href={ctx.href(`/compare/${source.id}/${level.id}/${target.id}`, keep)}>
                        <VerdictChip ctx={ctx} verdict={answer.verdict} />
                        <small>
                          {answer.coverage.bestCoveredLevel ? (
                            <Quoting
                              ctx={ctx}
                              text={t("matrix.best", {
                                level: levelText(ctx, target.id, answer.coverage.bestCoveredLevel),
                              })}
                            />
                          ) : (
                            "—"
                          )}
                        </small>
                      </a>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
  return { title: t("matrix.title"), body };
}
