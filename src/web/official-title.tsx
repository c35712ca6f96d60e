import type { FC } from "hono/jsx";
import type { PageContext } from "./page-context.ts";
import { enLang } from "./quoted.tsx";
import { TextMark } from "./shown-text.tsx";

/**
 * A document's or instrument's title (docs/i18n.md, "Titles"): stays as officially written, and on a Japanese page
 * comes with its Japanese gloss first. A Japanese authority's own title (METI, IPA; `original`) stands alone: it is the
 * official title in Japanese. Our reference translation is marked 参考訳. An instrument or a statement named in the
 * text (no `link`) is followed by its official title as the title of a work, a `<cite>` marked English (smaller, in
 * italics): 「gloss(参考訳) <cite>Official Title</cite>」 — the name a reader cites it by. A source (`link`: the gloss is
 * the link text) is the document the link opens: its official title is the link's `title` (shown on hover, read as its
 * description), and the 参考訳 mark links to the same page in English, where the titles are written out — one click
 * away, not repeated on a Japanese page held to a byte budget. `mark={false}` where the page's one note says its
 * Japanese is a reference translation (the compact label page). A title that names no work (`official={false}`: "no
 * recognition arrangement between …", our own words) is a translated text like any other: the Japanese and its mark.
 * Without a gloss, the title alone (marked English on a Japanese page).
 */
export const OfficialTitle: FC<{
  ctx: PageContext;
  title: string;
  link?: string;
  strong?: boolean;
  mark?: boolean;
  /** `false` for a title that is our own words, not a work's (a no-arrangement statement): no `<cite>` of it. */
  official?: boolean;
}> = ({ ctx, title, link, strong, mark = true, official = true }) => {
  const gloss = ctx.catalog.titleGloss(ctx.lang, title);
  const name = gloss?.text ?? title;
  const lang = gloss ? undefined : enLang(ctx, title);
  // A reference translation's link carries the official title; a Japanese authority's own title needs none.
  const described = gloss && gloss.kind !== "original" ? title : undefined;
  const head = link ? (
    <a href={link} lang={lang} title={described}>
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
  if (link || !official) {
    return (
      <>
        {head}
        {mark ? <TextMark ctx={ctx} kind="reference-translation" /> : null}
      </>
    );
  }
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
