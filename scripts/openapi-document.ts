import catalog from "../generated/catalog.js";
import { createApp } from "../src/app.ts";
import { AnswerCache } from "../src/cache/answer-cache.ts";
import { CatalogIndex } from "../src/catalog/catalog-index.ts";
import { systemClock } from "../src/deps.ts";

/** The OpenAPI document exactly as the app serves it at /openapi.json, from the compiled catalog. */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  const silent = { info() {}, warn() {}, error() {} };
  const app = createApp({
    catalog: new CatalogIndex(catalog),
    answers: AnswerCache.inMemory(silent),
    logger: silent,
    clock: systemClock,
    runtime: "node",
  });
  const response = await app.request("/openapi.json");
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
