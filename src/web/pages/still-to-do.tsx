import type { FC } from "hono/jsx";
import type { EquivalenceAnswer } from "../../contracts/equivalence.ts";
import { stillToMeet } from "../../domain/equivalence/still-to-meet.ts";
import { levelText, RequirementLink, RequirementTitle, StateChip } from "../components.tsx";
import type { PageContext } from "../page-context.ts";
import { Quoting } from "../quoted.tsx";
import type { Compact } from "./equivalence-parts.tsx";

type CoverageLevel = EquivalenceAnswer["coverage"]["levels"][number];

/**
 * The level a manufacturer is asking about: the one asked for; else the one a rule grants; else the lowest level not
 * fully covered (the next step up); else the first.
 */
export function focusLevel(answer: EquivalenceAnswer): CoverageLevel | undefined {
  const levels = answer.coverage.levels;
  const wanted = answer.to.level ?? answer.legal.rules[0]?.toLevel;
  return (
    levels.find((l) => l.level === wanted) ??
    levels.find((l) => l.criteriaPublished && l.requirements > 0 && l.ratio < 1) ??
    levels[0]
  );
}

/**
 * What is still to do for one target level, grouped by the work it takes (change the product, write or publish,
 * have it tested): each requirement with its state and the hub provisions it still lacks. On the label page a line
 * of counts per kind of work, linking to the compare page where the list lives.
 */
export const StillToDo: FC<{ ctx: PageContext; answer: EquivalenceAnswer; compact?: Compact }> = ({
  ctx,
  answer,
  compact,
}) => {
  const { t } = ctx;
  const level = focusLevel(answer);
  if (!level || level.requirements === 0) return null;
  const scheme = answer.to.scheme;
  const name = levelText(ctx, scheme, level.level);
  const groups = stillToMeet(level);
  if (compact) {
    // A recognised label has nothing left to do in that market; the compare page still lists the content gaps.
    if (groups.length === 0 || answer.verdict === "recognized") return null;
    return (
      <p>
        {/* The level is named unless it is the one the section's summary sentence already speaks of. */}
        {level.level === answer.assurance.to?.level ? (
          t("todo.compactSame")
        ) : (
          <Quoting ctx={ctx} text={t("todo.compact", { level: name })} />
        )}{" "}
        {groups.map((g) => t("todo.count", { work: t(`todo.short.${g.work}`), count: g.items.length })).join(" · ")} —{" "}
        <a href={`${compact.compareHref(level.level)}#still-to-do`}>{t("todo.details")}</a>
      </p>
    );
  }
  return (
    <>
      <h3 id="still-to-do">
        <Quoting ctx={ctx} text={t("todo.heading", { level: name })} />
      </h3>
      {groups.length === 0 ? <p>{t("todo.none")}</p> : null}
      {groups.map((g) => (
        <>
          <h4>{t(`todo.${g.work}`)}</h4>
          <ul class="plain todo">
            {g.items.map((item) => (
              <li>
                <StateChip ctx={ctx} state={item.state} />{" "}
                <RequirementLink ctx={ctx} scheme={scheme} id={item.requirement} />{" "}
                <RequirementTitle ctx={ctx} scheme={scheme} id={item.requirement} />
                {/* A requirement that is itself a hub provision (CLS Level 2) needs no second mention of it. */}
                {item.provisionsLeft.some((id) => id !== item.requirement) ? (
                  <small class="muted"> — {t("todo.provisionsLeft", { ids: item.provisionsLeft.join(", ") })}</small>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ))}
    </>
  );
};
