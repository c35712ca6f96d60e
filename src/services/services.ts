import { type Deps, webCryptoSha256 } from "../deps.ts";
import type { Translator } from "../domain/translation/translator.ts";
import { IdempotencyKeys } from "./idempotency-keys.ts";
import { intervalTicker, type Ticker } from "./idempotency-lease.ts";
import { RecordService } from "./record-service.ts";
import { TranslationService } from "./translation-service.ts";

/**
 * The app's services, built once by createApp over its dependencies and put on every request's context
 * (`c.var.services`): handlers parse (the route does), call a service, render. Services know nothing of HTTP.
 */
export interface Services {
  records: RecordService;
  translations: TranslationService;
}

export function createServices(deps: Deps, translator: Translator, options: { ticker?: Ticker } = {}): Services {
  const { catalog, clock } = deps;
  const keys = new IdempotencyKeys(deps.idempotency, deps.sha256 ?? webCryptoSha256, options.ticker ?? intervalTicker);
  return {
    records: new RecordService({ catalog, translator, clock, keys, records: deps.records }),
    translations: new TranslationService({ catalog, translator, clock }),
  };
}
