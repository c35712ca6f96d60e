import { createApp } from "../../app.ts";
import { AnswerCache } from "../../cache/answer-cache.ts";
import { systemClock } from "../../deps.ts";
import { embeddedCatalog } from "./embedded-catalog.ts";

/** The app over the catalog compiled into the bundle, quiet, for the CLI's answers without a server. */
export function embeddedApp() {
  const quiet = { info() {}, warn() {}, error() {} };
  return createApp({
    catalog: embeddedCatalog(),
    answers: AnswerCache.inMemory(quiet),
    logger: quiet,
    clock: systemClock,
    runtime: "node",
  });
}
