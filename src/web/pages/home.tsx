import { CategorySelect, labelText, schemeText } from "../components.tsx";
import type { PageContext } from "../page-context.ts";
import { nameLang } from "../quoted.tsx";
import type { Page } from "../render.tsx";

/** `/`: what Kakehashi answers in three sentences, and the form that leads to a label page. */
export function homePage(ctx: PageContext): Page {
  const { t, catalog } = ctx;
  // The home scheme first: its first level is what the form offers before anyone chooses.
  const schemes = catalog
    .allSchemes()
    .filter((s) => s.levels.length > 0 && s.role !== "hub")
    .sort((a, b) => Number(b.role === "home") - Number(a.role === "home"));
  const body = (
    <>
      <h1>{t("home.title")}</h1>
      <p class="lead">{t("home.intro1")}</p>
      <p>{t("home.intro2")}</p>
      <p>{t("home.intro3")}</p>
      <h2 id="ask">{t("home.form.title")}</h2>
      <form class="ask" method="get" action="/labels" aria-labelledby="ask">
        {ctx.lang === "ja" && ctx.url.searchParams.get("lang") === "ja" ? (
          <input type="hidden" name="lang" value="ja" />
        ) : null}
        <label>
          {t("home.form.label")}
          <select name="label" required>
            {schemes.map((scheme) => (
              <optgroup label={schemeText(ctx, scheme.id)}>
                {scheme.levels.map((level) => (
                  <option value={`${scheme.id}/${level.id}`} lang={nameLang(ctx, scheme.id)}>
                    {labelText(ctx, scheme.id, level.id)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <CategorySelect ctx={ctx} />
        <label>
          {t("home.form.date")}
          <input type="date" name="asOf" min="2000-01-01" max="2100-12-31" />
        </label>
        <button type="submit">{t("home.form.submit")}</button>
      </form>
      <h2>{t("home.more")}</h2>
      <ul class="plain">
        <li>
          <a href={ctx.href("/matrix")}>{t("nav.matrix")}</a> — {t("matrix.intro")}
        </li>
        <li>
          <a href={ctx.href("/schemes")}>{t("nav.schemes")}</a>
        </li>
        <li>
          <a href={ctx.href("/arrangements")}>{t("nav.arrangements")}</a> — {t("arrangements.intro")}
        </li>
        <li>
          <a href={ctx.href("/about")}>{t("nav.about")}</a>
        </li>
        <li>
          <a href="/docs">{t("nav.api")}</a> (<a href="/openapi.json">OpenAPI</a>)
        </li>
      </ul>
    </>
  );
  return { title: t("home.title"), body };
}
