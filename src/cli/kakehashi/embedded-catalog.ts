import catalogBundle from "../../../generated/catalog.js";
import { CatalogIndex } from "../../catalog/catalog-index.ts";

/** The catalog compiled into the bundle, indexed once: the embedded app's, and the CLI's Japanese texts. */
let index: CatalogIndex | undefined;

export function embeddedCatalog(): CatalogIndex {
  index ??= new CatalogIndex(catalogBundle);
  return index;
}
