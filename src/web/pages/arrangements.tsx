import type { Arrangement } from "../../catalog/model.ts";
import { ConfidenceBadge, levelText, schemeText } from "../components.tsx";
import { OfficialTitle } from "../official-title.tsx";
import type { PageContext } from "../page-context.ts";
import { Quoting } from "../quoted.tsx";
import type { Page } from "../render.tsx";
import { Shown } from "../shown-text.tsx";

function firstDate(a: Arrangement): string {
  return a.signed ?? a.effectiveFrom ?? a.rules.map((r) => r.effectiveFrom ?? "").sort()[0] ?? "";
}

/**
 * `/arrangements`: the instruments between schemes on a timeline, and the explicit "no arrangement" statements. Titles,
 * summaries and sources in the page's language where the arrangement's companion file gives them (docs/i18n.md).
 */
export function arrangementsPage(ctx: PageContext): Page {
  const { t } = ctx;
  const all = [...ctx.catalog.arrangements()].sort((a, b) => firstDate(a).localeCompare(firstDate(b)));
  const instruments = all.filter((a) => a.status !== "no-arrangement");
  const none = all.filter((a) => a.status === "no-arrangement");
  const body = (
    <>
      <h1>{t("arrangements.title")}</h1>
      <p>{t("arrangements.intro")}</p>
      <ol class="plain timeline">
        {instruments.map((a) => (
          <li>
            <h2>
              <OfficialTitle ctx={ctx} title={a.title} />
            </h2>
            <p>
              {[
                a.signed ? t("arrangements.signed", { date: a.signed }) : "",
                a.effectiveFrom ? t("arrangements.inForce", { date: a.effectiveFrom }) : "",
                a.effectiveTo ? t("arrangements.ended", { date: a.effectiveTo }) : "",
              ]
                .filter(Boolean)
                .join(" · ")}{" "}
              · {t("arrangements.status", { status: t(`arrangementStatus.${a.status}`) })} ·{" "}
              {t(`instrument.${a.instrument}`)} <ConfidenceBadge ctx={ctx} confidence={a.provenance.confidence} />
            </p>
            <p>
              <Shown ctx={ctx} text={ctx.text(a, "summary")} />
            </p>
            {a.rules.length > 0 ? (
              <>
                <h3>{t("arrangements.rules")}</h3>
                <ul class="plain">
                  {a.rules.map((r) => (
                    <li>
                      <a href={ctx.href(`/compare/${r.from.scheme}/${r.from.minLevel}/${r.to.scheme}/${r.to.level}`)}>
                        <Quoting
                          ctx={ctx}
                          text={`${schemeText(ctx, r.from.scheme)} ${levelText(ctx, r.from.scheme, r.from.minLevel)} → ${schemeText(ctx, r.to.scheme)} ${levelText(ctx, r.to.scheme, r.to.level)}`}
                        />
                      </a>
                      : {t(`effect.${r.effect}`)}
                      {r.effectiveFrom ? ` (${t("legal.from", { from: r.effectiveFrom })})` : ""}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <ul class="plain">
              {Object.values(a.sources).map((s) => (
                <li>
                  <OfficialTitle ctx={ctx} title={s.title} link={s.url} />{" "}
                  <small class="muted">({t(`source.${s.kind}`)})</small>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      <h2>{t("arrangements.none")}</h2>
      <ul class="plain">
        {none.map((a) => (
          <li>
            <OfficialTitle ctx={ctx} title={a.title} strong official={false} />{" "}
            <ConfidenceBadge ctx={ctx} confidence={a.provenance.confidence} />
            <p>
              <Shown ctx={ctx} text={ctx.text(a, "summary")} />
            </p>
          </li>
        ))}
      </ul>
    </>
  );
  return { title: t("arrangements.title"), body };
}
