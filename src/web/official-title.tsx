import type { FC } from "hono/jsx";
import type { PageContext } from "./page-context.ts";
import { enLang } from "./quoted.tsx";

/**
 * A document's or instrument's title (docs/i18n.md, "Titles"): stays as officially written, and on a Japanese page
 * comes with its Japanese gloss first. A Japanese authority's own title (METI, IPA; `original`) stands alone: it is the
 * official title in Japanese. Our reference translation is marked 参考訳 and followed by the official title as the
 * title of a work, a `<cite>` marked English (smaller, in italics): 「gloss(参考訳) <cite>Official Title</cite>」. The
 * official title is inline, so the mark needs no link to the English page; `mark={false}` where the page's one note
 * says its Japanese is a reference translation (the compact label page, held to a byte budget). Without a gloss, the
 * title alone (marked English on a Japanese page). `link` makes the gloss (or the title) the link text of a source.
 */
export const OfficialTitle: FC<{
  ctx: PageContext;
  title: string;
  link?: string;
  strong?: boolean;
  mark?: boolean;
}> = ({ ctx, title, link, strong, mark = true }) => {
  const gloss = ctx.catalog.titleGloss(ctx.lang, title);
  const name = gloss?.text ?? title;
  const lang = gloss ? undefined : enLang(ctx, title);
  const head = link ? (
    <a href={link} lang={lang}>
      {name}
    </a>
  ) : strong ? (
    <strong lang={lang}>{name}</strong>
  ) : lang ? (
    <span lang={lang}>{name}</span>
  ) : (
    <>{name}</>
  );
  // A Japanese authority's own title (METI, IPA) is the official title on a Japanese page: it stands alone.
  if (!gloss || gloss.kind === "original") return head;
  return (
    <>
      {head}
      {mark ? <small>({ctx.t("text.referenceTranslation")})</small> : null}{" "}
      <cite lang={enLang(ctx, title)}>{title}</cite>
    </>
  );
};

/**
 * A title named again where it was shown in full above (a statement cited under several schemes): the gloss alone on
 * a Japanese page, the official title otherwise — define once, refer after.
 */
export const TitleRef: FC<{ ctx: PageContext; title: string }> = ({ ctx, title }) => {
  const gloss = ctx.catalog.titleGloss(ctx.lang, title);
  return gloss ? <strong>{gloss.text}</strong> : <strong lang={enLang(ctx, title)}>{title}</strong>;
};
