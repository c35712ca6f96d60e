import type { FC } from "hono/jsx";
import type { ShownText } from "../catalog/texts.ts";
import type { PageContext } from "./page-context.ts";
import { En } from "./quoted.tsx";

/**
 * A catalog text with its marking (docs/i18n.md): on a Japanese page a reference translation says 「参考訳」 and links
 * to the same page in English (the original one click away, not inline: pages are held to a byte budget), and a
 * Japanese original says 「原文」; on an English page the English of a Japanese original says "reference
 * translation" and links to the Japanese page. A text not in the page's language is marked `lang` for screen readers.
 * `mark={false}` where a table or section says it once for all its texts.
 */
export const Shown: FC<{ ctx: PageContext; text: ShownText | undefined; mark?: boolean }> = ({
  ctx,
  text,
  mark = true,
}) => {
  if (!text) return null;
  // English data on a Japanese page (no Japanese yet): marked for screen readers, as quoted.tsx's `En` does.
  if (text.lang !== ctx.lang) return <En ctx={ctx}>{text.text}</En>;
  return (
    <>
      {text.text}
      {mark ? <TextMark ctx={ctx} kind={text.kind} /> : null}
    </>
  );
};

/** The mark alone: 「参考訳」 / 「原文」 / "reference translation", for a text in the page's language. */
export const TextMark: FC<{ ctx: PageContext; kind: ShownText["kind"] }> = ({ ctx, kind }) => {
  if (kind === "reference-translation") {
    return (
      <>
        {" "}
        <a class="tr" href={sameDocument(ctx.otherLangHref)} title={ctx.t("text.originalLink")}>
          {ctx.t("text.referenceTranslation")}
        </a>
      </>
    );
  }
  return ctx.lang === "ja" ? <small class="muted"> {ctx.t("text.original")}</small> : null;
};

/** "/labels/x/L1?lang=en&…" → "?lang=en&…": the same page in the other language, as a query alone (fewer bytes). */
export const sameDocument = (href: string) => href.slice(href.indexOf("?"));
