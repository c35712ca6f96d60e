import type { Catalog } from "../catalog/model.ts";

/**
 * The Worker's catalog arrives as a static asset, not inside its script: the compiled catalog is the largest part of
 * what the Worker would otherwise carry (and it grows with every language and scheme), while a Worker script has a
 * size limit and is loaded by every isolate. `npm run build` writes the catalog JSON under a name that holds its
 * digest, and the digest alone into the script; each isolate fetches the file once, through the static-assets
 * binding (no network hop), and checks that what it got is the catalog the script was built with.
 */
export function catalogAssetPath(digest: string): string {
  return `assets/catalog-${digest}.json`;
}

export interface AssetFetcher {
  fetch(request: Request): Promise<Response>;
}

/** Why the catalog could not be loaded: the isolate answers 503 (and tries again on the next request). */
export class CatalogAssetError extends Error {}

export async function loadCatalogAsset(assets: AssetFetcher | undefined, digest: string): Promise<Catalog> {
  if (!assets)
    throw new CatalogAssetError("no ASSETS binding: the catalog is served as a static asset (wrangler.toml)");
  const response = await assets.fetch(new Request(`https://assets.invalid/${catalogAssetPath(digest)}`));
  if (!response.ok) {
    throw new CatalogAssetError(`the catalog asset ${catalogAssetPath(digest)} answered ${response.status}`);
  }
  const catalog = (await response.json()) as Catalog;
  if (catalog.digest !== digest) {
    throw new CatalogAssetError(`the catalog asset holds digest ${catalog.digest}, the script expects ${digest}`);
  }
  return catalog;
}
