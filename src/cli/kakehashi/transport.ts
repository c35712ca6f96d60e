import catalogBundle from "../../../generated/catalog.js";
import { createApp } from "../../app.ts";
import { AnswerCache } from "../../cache/answer-cache.ts";
import { CatalogIndex } from "../../catalog/catalog-index.ts";
import { systemClock } from "../../deps.ts";

/**
 * How the CLI asks its questions: the embedded catalog through the app itself, in process (no server, no network),
 * or a running server with `--url` and a key. One function either way, so the commands are the same code; this file
 * is the one place to switch to the typed client (kakehashi/client) when it exists.
 */
export type Transport = (path: string, init?: RequestInit) => Promise<Response>;

export function transport(options: { url?: string | undefined; key?: string | undefined }): Transport {
  if (options.url) {
    const base = options.url.replace(/\/$/, "");
    return (path, init = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        },
      });
  }
  const quiet = { info() {}, warn() {}, error() {} };
  const app = createApp({
    catalog: new CatalogIndex(catalogBundle),
    answers: AnswerCache.inMemory(quiet),
    logger: quiet,
    clock: systemClock,
    runtime: "node",
  });
  return async (path, init) => app.request(path, init);
}
