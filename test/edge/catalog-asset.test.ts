import { describe, expect, it } from "vitest";
import catalog from "../../generated/catalog.js";
import { CatalogAssetError, catalogAssetPath, loadCatalogAsset } from "../../src/edge/catalog-asset.ts";

/** The Worker's catalog, fetched from the static assets: the right file, or a clear error (the Worker answers 503). */
const assetsServing = (files: Record<string, string>) => ({
  fetch: async (request: Request) => {
    const path = new URL(request.url).pathname.slice(1);
    const body = files[path];
    return body === undefined ? new Response("not found", { status: 404 }) : new Response(body);
  },
});

describe("the Worker's catalog asset", () => {
  it("is the catalog the script was built with", async () => {
    const assets = assetsServing({ [catalogAssetPath(catalog.digest)]: JSON.stringify(catalog) });
    const loaded = await loadCatalogAsset(assets, catalog.digest);
    expect(loaded.digest).toBe(catalog.digest);
    expect(loaded.schemes.length).toBe(catalog.schemes.length);
  });

  it("refuses a missing binding, a missing file and a file of another catalog", async () => {
    await expect(loadCatalogAsset(undefined, catalog.digest)).rejects.toThrow(/no ASSETS binding/);
    await expect(loadCatalogAsset(assetsServing({}), catalog.digest)).rejects.toThrow(/answered 404/);
    const stale = assetsServing({ [catalogAssetPath("abc")]: JSON.stringify({ ...catalog, digest: "old" }) });
    const error = await loadCatalogAsset(stale, "abc").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogAssetError);
    expect(String(error)).toMatch(/holds digest old, the script expects abc/);
  });
});
