import type { FC } from "hono/jsx";
import type { CompiledLevel, CompiledScheme } from "../../catalog/model.ts";
import type { ShownText } from "../../catalog/texts.ts";
import type { AccessStatus, MarketAccessAnswer, MarketRuleAnswer } from "../../contracts/market-access-answer.ts";
import type { Label } from "../../domain/market-access/label-status.ts";
import { answerMarketAccess } from "../../domain/market-access/market-access.ts";
import { categoryText, FromDate, labelText, levelText, schemeText } from "../components.tsx";
import type { PageContext } from "../page-context.ts";
import { enLang, Quoting } from "../quoted.tsx";
import { Shown, sameDocument } from "../shown-text.tsx";

/**
 * The label page's "Where can it be sold" section: the market-access answer of `GET /v1/market-access` for this label,
 * category and date, computed by the same domain function (recognition from the same equivalence engine), in words.
 */
export function marketAccessFor(ctx: PageContext, label: Label, category: string): MarketAccessAnswer {
  const recognize = (from: Label, target: CompiledScheme) =>
    ctx.engine.answer({ from, to: { scheme: target, level: undefined }, asOf: ctx.asOf, category });
  return answerMarketAccess(ctx.catalog, recognize, { label, category, asOf: ctx.asOf, market: undefined });
}

const AccessChip: FC<{ ctx: PageContext; status: AccessStatus }> = ({ ctx, status }) => (
  <span class={`chip a-${status}`}>{ctx.t(`access.${status}`)}</span>
);

/** Confidence in words, without the badge's tooltip: a market section repeats it per rule, and the page must stay light. */
const Confidence: FC<{ ctx: PageContext; confidence: MarketRuleAnswer["confidence"] }> = ({ ctx, confidence }) => (
  <small class="muted">{ctx.t("confidence.label", { confidence: ctx.t(`confidence.${confidence}`) })}</small>
);

/** What a rule asks, in one sentence: "Mandatory: CLS — Level 1 (★) or higher". */
const RuleAsks: FC<{ ctx: PageContext; rule: MarketRuleAnswer }> = ({ ctx, rule }) => {
  const { t } = ctx;
  const values = {
    obligation: t(`obligation.${rule.obligation}`),
    scheme: schemeText(ctx, rule.scheme),
    level: levelText(ctx, rule.scheme, rule.minLevel),
  };
  // "or higher" only where a higher level exists, and not where the data says exactly what qualifies (levelNote).
  const minimum = ctx.catalog.level(rule.scheme, rule.minLevel);
  const higher = ctx.catalog.scheme(rule.scheme)?.levels.some((l) => minimum && l.ordinal > minimum.ordinal);
  const key =
    rule.obligation === "duty"
      ? "market.duty"
      : higher && !rule.levelNote
        ? "market.requires"
        : "market.requiresExactly";
  return <Quoting ctx={ctx} text={t(key, values)} />;
};

/** The rule a market's one-line answer names: the first whose status is the market's (what decides it), else the first. */
function leadRule(market: MarketAccessAnswer["markets"][number]): MarketRuleAnswer | undefined {
  return market.rules.find((r) => r.status === market.status) ?? market.rules[0];
}

/**
 * One rule in force: what it asks, the label's status, its legal basis and the next steps. The rule's summary is left
 * to the JSON answer (it restates the rest), and the status chip where it only repeats the market's: the page must
 * stay light.
 */
const RuleBlock: FC<{
  ctx: PageContext;
  market: string;
  rule: MarketRuleAnswer;
  showStatus: boolean;
  targets: ReadonlySet<string>;
  /** The market's line already says what this rule asks (see `leadRule`): the block does not say it again. */
  lead: boolean;
}> = ({ ctx, market, rule, showStatus, targets, lead }) => {
  const { t } = ctx;
  // The rule as the catalog holds it: its texts in the page's language come through the accessor.
  const entity = ctx.catalog.market(market)?.rules.find((r) => r.id === rule.rule);
  // A route's conditions are listed in full under the required scheme's section of this page: link there, don't repeat.
  const steps = rule.nextSteps.filter((step) => !(targets.has(rule.scheme) && step.kind === "route-condition"));
  const conditions = rule.nextSteps.length - steps.length;
  // What the steps quote from the arrangements as it stands, in English: the instruments, conditions and fee notes.
  const quotes = rule.routes.flatMap((route) => [route.title, ...route.conditions, ...route.fees.map((f) => f.note)]);
  return (
    <div class="rule" data-rule={rule.rule}>
      <p>
        {lead ? null : (
          <>
            <strong>
              <RuleAsks ctx={ctx} rule={rule} />
            </strong>{" "}
          </>
        )}
        {rule.status && showStatus ? <AccessChip ctx={ctx} status={rule.status} /> : null}{" "}
        <Confidence ctx={ctx} confidence={rule.confidence} />
      </p>
      {rule.levelNote ? <LevelNote ctx={ctx} text={entity && ctx.text(entity, "levelNote")} /> : null}
      <p>
        <small>
          {t("market.legalBasis")}:{" "}
          {entity ? <Shown ctx={ctx} text={ctx.text(entity, "legalBasis")} mark={false} /> : null}
          {/* The lead rule's start date is on the market's line. */}
          {lead && !rule.effectiveTo
            ? null
            : ` (${rule.effectiveTo ? t("legal.fromTo", { from: rule.effectiveFrom, to: rule.effectiveTo }) : t("legal.from", { from: rule.effectiveFrom })})`}
        </small>
      </p>
      <h4>{t("market.nextSteps")}</h4>
      <ul class="plain">
        {steps.map((step) => (
          <li>
            <Quoting ctx={ctx} text={step[ctx.lang]} quotes={quotes} />
          </li>
        ))}
      </ul>
      {conditions > 0 ? (
        <p>
          <a href={`#t-${rule.scheme}`}>
            <Quoting
              ctx={ctx}
              text={t("market.conditions", { count: conditions, scheme: schemeText(ctx, rule.scheme) })}
            />
          </a>
        </p>
      ) : null}
    </div>
  );
};

/** A rule's note on its minimum level; English data marks the paragraph itself (a span would add bytes). */
const LevelNote: FC<{ ctx: PageContext; text: ShownText | undefined }> = ({ ctx, text }) =>
  !text ? null : text.lang !== ctx.lang ? (
    <p class="muted" lang={enLang(ctx, text.text)}>
      {text.text}
    </p>
  ) : (
    <p class="muted">
      <Shown ctx={ctx} text={text} mark={false} />
    </p>
  );

/**
 * Without a category there is no honest answer: the domain answers per category (a router in Singapore needs CLS
 * Level 1, a camera does not), so the section asks the reader to choose one in the form above.
 */
export const MarketAccessSection: FC<{
  ctx: PageContext;
  from: { scheme: CompiledScheme; level: CompiledLevel };
  keepAsOf: string | undefined;
  /** The schemes that have a section on this page (their ids are the sections' anchors). */
  targets: ReadonlySet<string>;
}> = ({ ctx, from, keepAsOf, targets }) => {
  const { t } = ctx;
  const label = labelText(ctx, from.scheme.id, from.level.id);
  const category = ctx.category;
  const heading = <h2 id="where">{t("market.heading")}</h2>;
  if (!category) {
    return (
      <section aria-labelledby="where">
        {heading}
        <p>
          <Quoting ctx={ctx} text={t("market.chooseCategory", { label })} />
        </p>
      </section>
    );
  }
  const answer = marketAccessFor(ctx, from, category);
  const json = `/v1/market-access?${new URLSearchParams({
    label: `${from.scheme.id}:${from.level.id}`,
    category,
    ...(keepAsOf ? { asOf: keepAsOf } : {}),
  }).toString()}`;
  return (
    <section aria-labelledby="where">
      {heading}
      <p>
        <Quoting ctx={ctx} text={t("market.intro", { date: ctx.asOf, category: categoryText(ctx, category), label })} />
      </p>
      {answer.markets.map((market) => {
        const entity = ctx.catalog.market(market.market);
        const ruleOf = (id: string) => entity?.rules.find((r) => r.id === id);
        const exceptionText = (id: string, text: string) => {
          const exception = ruleOf(id)?.exceptions.find((e) => e.text === text);
          return exception ? ctx.text(exception, "text") : { text, lang: "en" as const, kind: "original" as const };
        };
        const announcement = (id: string) => entity?.announcements.find((a) => a.id === id);
        // When an announced change is expected, in the page's language where the market's companion file gives it.
        const expectedIn = (a: { id: string; expected: string }) => {
          const found = announcement(a.id);
          return (found && ctx.text(found, "expected")) ?? { text: a.expected, lang: "en" as const };
        };
        const lead = leadRule(market);
        // One line per market, the answer a reader came for (status, what the rule asks, since when); the rules'
        // legal bases, next steps, exceptions and announcements open below it.
        return (
          <details class="line market" data-market={market.market} data-status={market.status ?? ""}>
            <summary>
              {market.status ? <AccessChip ctx={ctx} status={market.status} /> : null}{" "}
              <b>{entity ? <Shown ctx={ctx} text={ctx.text(entity, "name")} mark={false} /> : market.name}</b>{" "}
              <small>
                {lead ? (
                  <>
                    <RuleAsks ctx={ctx} rule={lead} /> · <FromDate ctx={ctx} date={lead.effectiveFrom} />
                  </>
                ) : (
                  t("market.none")
                )}
              </small>
            </summary>
            {market.rules.map((rule) => (
              <RuleBlock
                ctx={ctx}
                market={market.market}
                rule={rule}
                showStatus={rule.obligation !== "mandatory" || rule.status !== market.status}
                targets={targets}
                lead={rule === lead}
              />
            ))}
            {market.excepted.map((e) => (
              <p>
                <small>
                  <Quoting ctx={ctx} text={t("market.excepted", { scheme: schemeText(ctx, e.scheme) })} />:{" "}
                  <Shown ctx={ctx} text={exceptionText(e.rule, e.exception)} mark={false} />
                </small>
              </p>
            ))}
            {market.upcoming.map((u) => (
              <p>
                <small>
                  {t("market.upcoming", { date: u.effectiveFrom })} ({t(`obligation.${u.obligation}`)}):{" "}
                  {ruleOf(u.rule) ? (
                    <Shown ctx={ctx} text={ctx.text(ruleOf(u.rule) as object, "summary")} mark={false} />
                  ) : (
                    u.summary
                  )}
                </small>
              </p>
            ))}
            {market.announcements.map((a) => (
              <p>
                <small>
                  <Quoting
                    ctx={ctx}
                    text={t("market.announced", { date: a.announced, expected: expectedIn(a).text })}
                    quotes={expectedIn(a).lang === "en" ? [a.expected] : []}
                  />
                  :{" "}
                  {announcement(a.id) ? (
                    <Shown ctx={ctx} text={ctx.text(announcement(a.id) as object, "summary")} mark={false} />
                  ) : (
                    a.summary
                  )}{" "}
                  <Confidence ctx={ctx} confidence={a.confidence} />
                  {a.overdue && a.expectedBy ? (
                    <>
                      {" "}
                      <strong>{t("market.announcedOverdue", { date: a.expectedBy })}</strong>
                    </>
                  ) : null}
                </small>
              </p>
            ))}
          </details>
        );
      })}
      {/* The section's texts carry no mark each (the page has a byte budget): one note for all, where some are ours. */}
      {ctx.lang === "ja" &&
      answer.markets.some((m) => {
        const entity = ctx.catalog.market(m.market);
        return (
          entity &&
          ctx.text(entity, "name")?.kind === "reference-translation" &&
          ctx.text(entity, "name")?.lang === "ja"
        );
      }) ? (
        <p>
          <small>
            <a href={sameDocument(ctx.otherLangHref)}>{t("text.referenceAll")}</a>
          </small>
        </p>
      ) : null}
      <p>
        <a href={json}>{t("label.json")}</a>
      </p>
    </section>
  );
};
