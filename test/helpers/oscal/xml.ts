/**
 * A minimal XML reader, enough for NIST's metaschema files: elements, attributes, text, comments, processing
 * instructions, CDATA and an internal DOCTYPE subset. Entity references other than the five predefined ones and
 * character references (the metaschema files pull external `.ent` files) are not expanded; the element that holds one
 * is flagged `unresolvedEntity`, so a reader can tell a list it cannot see in full.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  unresolvedEntity: boolean;
}

const predefined: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "", unresolvedEntity: false };
  const stack: XmlElement[] = [root];
  let i = 0;
  const top = () => stack[stack.length - 1] as XmlElement;
  const decode = (text: string, into: XmlElement) =>
    text.replace(/&(#x[0-9a-f]+|#\d+|[A-Za-z][\w.-]*);/gi, (_, ref: string) => {
      if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(Number(ref.slice(1)));
      if (ref in predefined) return predefined[ref] as string;
      into.unresolvedEntity = true;
      return "";
    });
  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt < 0) break;
    if (lt > i) top().text += decode(source.slice(i, lt), top());
    if (source.startsWith("<!--", lt)) i = source.indexOf("-->", lt) + 3;
    else if (source.startsWith("<?", lt)) i = source.indexOf("?>", lt) + 2;
    else if (source.startsWith("<![CDATA[", lt)) {
      const end = source.indexOf("]]>", lt);
      top().text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith("<!DOCTYPE", lt)) {
      const bracket = source.indexOf("[", lt);
      const close = source.indexOf(">", lt);
      i = bracket >= 0 && bracket < close ? source.indexOf("]>", bracket) + 2 : close + 1;
    } else if (source.startsWith("</", lt)) {
      const end = source.indexOf(">", lt);
      const name = source.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`XML: </${name}> closes <${open?.name}> at offset ${lt}`);
      i = end + 1;
    } else {
      const end = tagEnd(source, lt);
      const raw = source.slice(lt + 1, end);
      const selfClosing = raw.endsWith("/");
      const body = selfClosing ? raw.slice(0, -1) : raw;
      const name = /^[^\s/>]+/.exec(body)?.[0] ?? "";
      const element: XmlElement = { name, attrs: {}, children: [], text: "", unresolvedEntity: false };
      for (const m of body.slice(name.length).matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
        element.attrs[m[1] as string] = decode(m[3] ?? m[4] ?? "", element);
      }
      top().children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${top().name}> is never closed`);
  return root;
}

/** The `>` that ends a tag, skipping any inside quoted attribute values. */
function tagEnd(source: string, from: number): number {
  let quote = "";
  for (let i = from; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") return i;
  }
  throw new Error(`XML: unterminated tag at offset ${from}`);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
