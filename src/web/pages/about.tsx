import { effects } from "../../contracts/arrangement.ts";
import { verdicts } from "../../contracts/equivalence.ts";
import { ConfidenceBadge, StateChip, VerdictGlossary } from "../components.tsx";
import type { PageContext } from "../page-context.ts";
import type { Page } from "../render.tsx";

/** The latest "checked" date any source of the catalog records, if the data records one. */
function lastChecked(ctx: PageContext): string | undefined {
  const dates: string[] = [];
  const visit = (sources: Record<string, object>) => {
    for (const source of Object.values(sources)) {
      const checked =
        (source as { checked?: unknown; accessed?: unknown }).checked ?? (source as { accessed?: unknown }).accessed;
      if (typeof checked === "string") dates.push(checked);
    }
  };
  for (const s of ctx.catalog.allSchemes()) visit(s.sources);
  for (const a of ctx.catalog.arrangements()) visit(a.sources);
  return dates.sort().at(-1);
}

/** `/about`: the glossary (verdicts, effects, confidence, requirement states), how answers are derived, the catalog. */
export function aboutPage(ctx: PageContext): Page {
  const { t } = ctx;
  const checked = lastChecked(ctx);
  const body = (
    <>
      <h1>{t("about.title")}</h1>
      <p>{t("home.intro1")}</p>
      <h2>{t("about.verdicts")}</h2>
      <VerdictGlossary ctx={ctx} verdicts={verdicts} />
      <h2>{t("about.effects")}</h2>
      <ul class="plain">
        {effects.map((e) => (
          <li>
            {t(`effect.${e}`)} <code>{e}</code>
          </li>
        ))}
      </ul>
      <h2 id="confidence">{t("about.confidence")}</h2>
      <dl class="facts">
        {(["primary", "secondary", "unconfirmed"] as const).map((c) => (
          <>
            <dt>
              <ConfidenceBadge ctx={ctx} confidence={c} />
            </dt>
            <dd>{t(`confidenceHelp.${c}`)}</dd>
          </>
        ))}
      </dl>
      <h2>{t("about.states")}</h2>
      <dl class="facts">
        {(["covered", "partial", "undetermined", "missing", "noMapping"] as const).map((s) => (
          <>
            <dt>
              <StateChip ctx={ctx} state={s} />
            </dt>
            <dd>{t(`stateHelp.${s}`)}</dd>
          </>
        ))}
      </dl>
      <h2>{t("about.derivation")}</h2>
      <ol>
        <li>{t("about.derivation1")}</li>
        <li>{t("about.derivation2")}</li>
        <li>{t("about.derivation3")}</li>
      </ol>
      <h2>{t("about.catalog")}</h2>
      <p>
        <code>{t("about.digest", { digest: ctx.catalog.digest })}</code>
      </p>
      <p>{checked ? t("about.checked", { date: checked }) : t("about.unknownChecked")}</p>
    </>
  );
  return { title: t("about.title"), body };
}
