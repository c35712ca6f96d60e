import catalogBundle from "../../../generated/catalog.js";
import { createApp } from "../../app.ts";
import { AnswerCache } from "../../cache/answer-cache.ts";
import { CatalogIndex } from "../../catalog/catalog-index.ts";
import { systemClock } from "../../deps.ts";

/** The app over the catalog compiled into the bundle, quiet, for the CLI's answers without a server. */
export function embeddedApp() {
  const quiet = { info() {}, warn() {}, error() {} };
  return createApp({
    catalog: new CatalogIndex(catalogBundle),
    answers: AnswerCache.inMemory(quiet),
    logger: quiet,
    clock: systemClock,
    runtime: "node",
  });
}
