import catalogBundle from "../../generated/catalog.js";

/**
 * Every label page the catalog can serve: each scheme × each of its levels, without a category and with each product
 * category the catalog knows. The page-weight test walks all of them in both languages.
 */
export function allLabelPages(): string[] {
  const paths: string[] = [];
  const categories = catalogBundle.categories.map((c) => c.id);
  for (const scheme of catalogBundle.schemes) {
    for (const level of scheme.levels) {
      const base = `/labels/${encodeURIComponent(scheme.id)}/${encodeURIComponent(level.id)}`;
      paths.push(base, ...categories.map((c) => `${base}?category=${encodeURIComponent(c)}`));
    }
  }
  return paths;
}
