import { ConfidenceBadge, labelText, RequirementLink, RequirementTitle, schemeText } from "../components.tsx";
import { OfficialTitle } from "../official-title.tsx";
import { type PageContext, PageError } from "../page-context.ts";
import { En, enLang, nameLang, Quoting } from "../quoted.tsx";
import type { Page } from "../render.tsx";
import { Shown } from "../shown-text.tsx";
import { LevelStatus } from "./label.tsx";

/**
 * A jurisdiction's ISO 3166 code (or EU) as a reader names it, in the page's language, from the runtime's own
 * locale data (Intl, in Node and in workerd), so that no table of country names is kept here.
 */
function regionName(ctx: PageContext, code: string): string {
  let names = regionNames.get(ctx.lang);
  if (!names) {
    names = new Intl.DisplayNames([ctx.lang], { type: "region" });
    regionNames.set(ctx.lang, names);
  }
  return names.of(code) ?? code;
}

/** One formatter per language, made on first use (building one loads the locale's data). */
const regionNames = new Map<string, Intl.DisplayNames>();

/** `/schemes`: every scheme, regulation and standard in the catalog. */
export function schemesPage(ctx: PageContext): Page {
  const { t } = ctx;
  const body = (
    <>
      <h1>{t("schemes.title")}</h1>
      <ul class="plain">
        {ctx.catalog.allSchemes().map((s) => (
          <li>
            <a href={ctx.href(`/schemes/${s.id}`)} lang={nameLang(ctx, s.id)}>
              {schemeText(ctx, s.id)}
            </a>{" "}
            <span class="muted">
              — <Shown ctx={ctx} text={ctx.text(s, "name")} mark={false} />
            </span>
          </li>
        ))}
      </ul>
    </>
  );
  return { title: t("schemes.title"), body };
}

/** `/schemes/{id}`: levels, requirements, sources, versions. */
export function schemePage(ctx: PageContext, id: string): Page {
  const { t } = ctx;
  const scheme = ctx.catalog.scheme(id);
  if (!scheme) throw new PageError(404, t("error.unknownScheme", { id }));
  const body = (
    <>
      <h1>
        <Shown ctx={ctx} text={ctx.text(scheme, "name")} mark={false} />
      </h1>
      {scheme.nativeName ? <p lang={scheme.authoritativeLanguage}>{scheme.nativeName}</p> : null}
      <p>
        <Shown ctx={ctx} text={ctx.text(scheme, "summary")} />
      </p>
      <dl class="facts">
        <dt>{t("scheme.owner")}</dt>
        <dd>
          <Shown ctx={ctx} text={ctx.text(scheme, "owner")} mark={false} />
        </dd>
        <dt>{t("scheme.jurisdiction")}</dt>
        <dd>{scheme.jurisdiction.map((code) => regionName(ctx, code)).join(ctx.lang === "ja" ? "、" : ", ")}</dd>
        <dt>{t("scheme.kind")}</dt>
        <dd>{t(`schemeKind.${scheme.kind}`)}</dd>
        <dt>{t("scheme.role")}</dt>
        <dd>{t(`schemeRole.${scheme.role}`)}</dd>
      </dl>
      <h2>{t("scheme.versions")}</h2>
      <ul class="plain">
        {scheme.versions.map((v) => (
          <li>
            <strong lang={enLang(ctx)}>{v.id}</strong> <En ctx={ctx}>{v.title}</En> — {t(`versionStatus.${v.status}`)}
            {v.effectiveFrom ? `, ${t("legal.from", { from: v.effectiveFrom })}` : ""}
          </li>
        ))}
      </ul>
      {scheme.levels.length > 0 ? (
        <>
          <h2>{t("scheme.levels")}</h2>
          {scheme.levels.map((level) => (
            <div>
              <h3>
                <a href={ctx.href(`/labels/${scheme.id}/${level.id}`)} lang={nameLang(ctx, scheme.id)}>
                  {labelText(ctx, scheme.id, level.id)}
                </a>
              </h3>
              <LevelStatus ctx={ctx} scheme={scheme.id} level={level} />
              <p>
                {t("scheme.assurance")}: {t(`assuranceMode.${level.assurance.mode}`)} —{" "}
                <Shown ctx={ctx} text={ctx.text(level.assurance, "assessor")} mark={false} />
              </p>
              {level.summary ? (
                <p>
                  <Shown ctx={ctx} text={ctx.text(level, "summary")} />
                </p>
              ) : null}
              <p>
                {t("scheme.requirements")}: {level.allRequirements.length}
              </p>
            </div>
          ))}
        </>
      ) : null}
      <h2>{t("scheme.requirements")}</h2>
      <table>
        <colgroup>
          <col class="id" />
          <col />
          <col class="state" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t("coverage.requirement")}</th>
            <th scope="col">{t("coverage.title")}</th>
            <th scope="col">{t("requirement.normativity")}</th>
          </tr>
        </thead>
        <tbody>
          {scheme.requirements.map((r) => (
            <tr>
              <td>
                <RequirementLink ctx={ctx} scheme={scheme.id} id={r.id} />
              </td>
              <td>
                <RequirementTitle ctx={ctx} scheme={scheme.id} id={r.id} />
              </td>
              <td>{t(`normativity.${r.normativity}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("scheme.sources")}</h2>
      <ul class="plain">
        {Object.values(scheme.sources).map((s) => (
          <li>
            <OfficialTitle ctx={ctx} title={s.title} link={s.url} />{" "}
            <small class="muted">({t(`source.${s.kind}`)})</small>
          </li>
        ))}
      </ul>
      <p>
        <ConfidenceBadge ctx={ctx} confidence={scheme.provenance.confidence} />
      </p>
    </>
  );
  return { title: schemeText(ctx, scheme.id), body };
}

/** `/schemes/{id}/requirements/{requirementId}`: one requirement, its titles, the levels that demand it, sources. */
export function requirementPage(ctx: PageContext, schemeId: string, requirementId: string): Page {
  const { t } = ctx;
  const scheme = ctx.catalog.scheme(schemeId);
  if (!scheme) throw new PageError(404, t("error.unknownScheme", { id: schemeId }));
  const requirement = ctx.catalog.requirement(schemeId, requirementId);
  if (!requirement) throw new PageError(404, t("error.unknownRequirement", { scheme: schemeId, id: requirementId }));
  const levels = scheme.levels.filter((l) => l.allRequirements.includes(requirement.id));
  const title = `${schemeText(ctx, schemeId)} ${requirement.id}`;
  const body = (
    <>
      <h1>
        <Quoting ctx={ctx} text={title} />
      </h1>
      <dl class="facts">
        <dt>{t("coverage.title")}</dt>
        <dd>
          {requirement.title ? <En ctx={ctx}>{requirement.title}</En> : <span class="muted">{t("title.none")}</span>}
        </dd>
        {requirement.titleJa ? (
          <>
            <dt lang="ja">日本語</dt>
            <dd lang="ja">
              {requirement.titleJa}
              {scheme.authoritativeLanguage === "ja" ? (
                <small class="muted"> ({t("title.authoritative")})</small>
              ) : null}
            </dd>
          </>
        ) : null}
        {requirement.group ? (
          <>
            <dt>{t("requirement.group")}</dt>
            <dd>
              <Shown ctx={ctx} text={ctx.text(requirement, "group")} mark={false} />
            </dd>
          </>
        ) : null}
        <dt>{t("requirement.normativity")}</dt>
        <dd>{t(`normativity.${requirement.normativity}`)}</dd>
        <dt>{t("requirement.levels")}</dt>
        <dd>
          {levels.length === 0
            ? "—"
            : levels.map((l, i) => (
                <>
                  {i > 0 ? ", " : ""}
                  <a href={ctx.href(`/labels/${scheme.id}/${l.id}`)} lang={nameLang(ctx, scheme.id)}>
                    {labelText(ctx, scheme.id, l.id)}
                  </a>
                </>
              ))}
        </dd>
      </dl>
      {requirement.summary ? (
        <>
          <h2>{t("requirement.summary")}</h2>
          <p>
            <Shown ctx={ctx} text={ctx.text(requirement, "summary")} />
          </p>
        </>
      ) : null}
      <p>
        <ConfidenceBadge ctx={ctx} confidence={requirement.provenance.confidence} />
      </p>
      {requirement.provenance.note ? (
        <p class="muted">
          <Shown ctx={ctx} text={ctx.text(requirement.provenance, "note")} mark={false} />
        </p>
      ) : null}
      <h2>{t("scheme.sources")}</h2>
      <ul class="plain">
        {requirement.provenance.cites.map((cite) => {
          const source = scheme.sources[cite.source];
          return (
            <li>
              {source ? <OfficialTitle ctx={ctx} title={source.title} link={source.url} /> : cite.source}
              {cite.locator ? (
                <>
                  , <En ctx={ctx}>{cite.locator}</En>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p>
        <a href={ctx.href(`/schemes/${scheme.id}`)} lang={nameLang(ctx, scheme.id)}>
          {schemeText(ctx, scheme.id)}
        </a>
      </p>
    </>
  );
  return { title, body };
}
