import type { CatalogIndex } from "../../catalog/catalog-index.ts";
import type { Market } from "../../catalog/model.ts";
import type { AccessRoute, NextStep, NextStepKind } from "../../contracts/market-access-answer.ts";
import { type Lang, languages, type Translate, translator } from "../../i18n/messages.ts";
import { conditionIn, feeNoteIn } from "../condition-text.ts";
import { levelName, shortSchemeName } from "../equivalence/summary.ts";
import { instrumentIn } from "../instrument-name.ts";
import type { Label, RuleStatus } from "./label-status.ts";

type MarketRule = Market["rules"][number];

const FULL_EFFECTS = new Set(["full-recognition", "deemed-compliance"]);

/**
 * What to do next, in both languages, built from the answer's own structure (deterministic: same data, same
 * sentences). Schemes and levels are named as readers know them ("JC-STAR ★1 (STAR-1)"); their ids stay in the rule's
 * and routes' structured fields. A route's conditions and fee notes are arrangement data, in the step's language
 * through the catalog's accessor (English where no Japanese is given); a rule's own steps come from the market file in
 * both languages.
 */
export function nextStepsFor(
  catalog: CatalogIndex,
  rule: MarketRule,
  label: Label | undefined,
  status: RuleStatus | null,
  routes: readonly AccessRoute[],
): NextStep[] {
  const ruleSteps = rule.nextSteps.map((text): NextStep => ({ kind: "rule-step", ...text }));
  if (!label || status === null) return ruleSteps;
  // Names in each step's language (the Japanese where the catalog gives it), through `t`'s own language.
  const langOf = (t: Translate): Lang => (t("lang.name") === "日本語" ? "ja" : "en");
  const labelName = (t: Translate) =>
    `${shortSchemeName(catalog, label.scheme.id, langOf(t))} ${levelName(catalog, label.scheme.id, label.level.id, langOf(t))}`;
  // A level's name is often a phrase ("Compliant with the PSTI security requirements"): a dash keeps it apart.
  const exactly = (level: string, t: Translate) =>
    `${shortSchemeName(catalog, rule.scheme, langOf(t))} — ${levelName(catalog, rule.scheme, level, langOf(t))}`;
  if (status === "held") return [step("keep-label", (t) => t("nextStep.keep-label", { label: labelName(t) }))];
  const routeSteps = (route: AccessRoute): NextStep[] => [
    ...route.conditions.map((condition) =>
      step("route-condition", (t) => {
        const shown = conditionIn(catalog, langOf(t), route, condition);
        // "(in English)" only where the condition has no text in the step's language yet.
        const key = shown.lang === langOf(t) ? "nextStep.route-condition" : "nextStep.route-condition.quoted";
        return t(key, { condition: shown.text });
      }),
    ),
    ...route.fees.map((fee) =>
      step("route-fee", (t) =>
        t(fee.note ? "nextStep.route-fee.note" : "nextStep.route-fee", {
          amount: fee.amount,
          currency: fee.currency,
          note: fee.note ? feeNoteIn(catalog, langOf(t), route, fee.note).text : "",
        }),
      ),
    ),
    ...(route.remainingRequirements.length > 0
      ? [
          step("still-to-meet", (t) =>
            t("nextStep.still-to-meet", {
              count: route.remainingRequirements.length,
              required: exactly(route.toLevel, t),
              ids: route.remainingRequirements.join(", "),
            }),
          ),
        ]
      : []),
  ];
  const values = (route: AccessRoute) => (t: Translate) => ({
    instrument: instrumentIn(catalog, langOf(t), route.title),
    effect: t(`effect.${route.effect}` as Parameters<Translate>[0]),
    label: labelName(t),
    required: exactly(route.toLevel, t),
  });
  if (status === "recognized") {
    const route = routes.find((r) => FULL_EFFECTS.has(r.effect) && r.remainingRequirements.length === 0);
    return route
      ? [step("rely-on-route", (t) => t("nextStep.rely-on-route", values(route)(t))), ...routeSteps(route)]
      : [];
  }
  if (status === "simplified-procedure") {
    return routes.flatMap((route) => [
      step("apply-under-route", (t) => t("nextStep.apply-under-route", values(route)(t))),
      ...routeSteps(route),
    ]);
  }
  // "or higher" only where a higher level exists, and not where the data says exactly what qualifies (levelNote).
  const minimum = catalog.level(rule.scheme, rule.minLevel);
  const higher = catalog.scheme(rule.scheme)?.levels.some((l) => minimum && l.ordinal > minimum.ordinal);
  const required = (t: Translate) =>
    higher && !rule.levelNote
      ? t("nextStep.orHigher", { required: exactly(rule.minLevel, t) })
      : exactly(rule.minLevel, t);
  return [
    step("label-falls-short", (t) => t("nextStep.label-falls-short", { label: labelName(t), required: required(t) })),
    ...ruleSteps,
  ];
}

function step(kind: NextStepKind, say: (t: Translate) => string): NextStep {
  const text = {} as Record<Lang, string>;
  for (const lang of languages) text[lang] = say(translator(lang));
  return { kind, ...text };
}
