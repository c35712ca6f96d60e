/**
 * The stylesheet's custom properties replaced by their values (the `:root` block dropped): the source keeps its named
 * colours for people; every page pays for the minified sheet's bytes (60 KB of HTML + CSS a page), and a sheet with
 * one theme has no use for the indirection. Only properties declared once in `:root` and used as plain `var(--x)`.
 */
export function inlineCssVars(css: string): string {
  const root = /:root\s*\{([^}]*)\}/.exec(css);
  if (!root?.[1]) return css;
  const values = new Map<string, string>();
  for (const declaration of root[1].split(";")) {
    const at = declaration.indexOf(":");
    if (at > 0) values.set(declaration.slice(0, at).trim(), declaration.slice(at + 1).trim());
  }
  const out = css
    .replace(root[0], "")
    .replace(/var\((--[\w-]+)\)/g, (whole, name: string) => values.get(name) ?? whole);
  // A property left unresolved (a fallback, a value set elsewhere) keeps the block.
  return /var\(--/.test(out) ? css : out;
}
