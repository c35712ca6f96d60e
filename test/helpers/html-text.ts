/**
 * The text nodes of a rendered page, each with the language it is in: the `lang` of its nearest element that has one.
 * A small tokenizer, enough for the well-formed HTML hono/jsx writes (void elements close themselves with `/>`).
 */
export interface TextNode {
  text: string;
  lang: string;
  /** The open elements around it, outermost first (`p`, `span` …), for messages. */
  path: string[];
}

const TOKEN =
  /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-z][a-z0-9]*)\s*>|<([a-z][a-z0-9]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/gi;
const VOID = new Set(["meta", "link", "input", "br", "img", "col", "hr", "source", "wbr"]);

const decode = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

export function textNodes(html: string): TextNode[] {
  const stack: { tag: string; lang: string }[] = [];
  const out: TextNode[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const [, close, open, attributes = "", selfClosing, text] = match;
    if (close) {
      const at = stack.map((e) => e.tag).lastIndexOf(close.toLowerCase());
      if (at < 0) throw new Error(`</${close}> closes nothing at ${match.index}`);
      stack.length = at;
    } else if (open) {
      const tag = open.toLowerCase();
      if (selfClosing || VOID.has(tag)) continue;
      const lang = / lang="([^"]*)"/.exec(attributes)?.[1] ?? stack.at(-1)?.lang ?? "";
      stack.push({ tag, lang });
    } else if (text !== undefined) {
      const top = stack.at(-1);
      if (top?.tag === "style" || top?.tag === "script") continue;
      out.push({ text: decode(text), lang: top?.lang ?? "", path: stack.map((e) => e.tag) });
    }
  }
  return out;
}
