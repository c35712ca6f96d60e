import { createHash } from "node:crypto";
import catalogBundle from "../../generated/catalog.js";
import type { Principal } from "../../src/auth/api-keys.ts";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import type { Clock, Deps } from "../../src/deps.ts";
import { EquivalenceEngine } from "../../src/domain/equivalence/engine.ts";
import { Translator } from "../../src/domain/translation/translator.ts";
import { generatedRecordChecks } from "../../src/record-formats/generated-checks.ts";
import { generatedFieldMaps } from "../../src/record-formats/generated-maps.ts";
import type { Ticker } from "../../src/services/idempotency-lease.ts";
import { createServices } from "../../src/services/services.ts";
import type { IdempotencyStore } from "../../src/store/idempotency.ts";
import type { RecordStore } from "../../src/store/record-store.ts";
import { recordingLogger } from "../helpers/test-app.ts";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const catalog = new CatalogIndex(catalogBundle);
const translator = new Translator(
  catalog,
  new EquivalenceEngine(catalog),
  sha256,
  generatedFieldMaps,
  generatedRecordChecks,
);

/** The services as createApp builds them, without HTTP: memory twins, the given clock and lease ticker. */
export function services(options: {
  clock: Clock;
  records?: RecordStore;
  idempotency?: IdempotencyStore;
  ticker?: Ticker;
}) {
  const logger = recordingLogger();
  const deps: Deps = {
    catalog,
    answers: AnswerCache.inMemory(logger),
    logger,
    clock: options.clock,
    sha256,
    runtime: "test",
    ...(options.records ? { records: options.records } : {}),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
  };
  return createServices(deps, translator, options.ticker ? { ticker: options.ticker } : {});
}

/** A lease ticker the test fires by hand: renewals happen when the test says, never on a timer. */
export function manualTicker() {
  const ticks = new Set<() => void>();
  const intervals: number[] = [];
  const ticker: Ticker = (tick, everyMs) => {
    ticks.add(tick);
    intervals.push(everyMs);
    return () => ticks.delete(tick);
  };
  return {
    ticker,
    intervals,
    running: () => ticks.size,
    /** Runs every live tick and lets the renewals they start settle. */
    fire: async () => {
      for (const tick of ticks) tick();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export const partner: Principal = { id: "ipa-partner", role: "partner", schemes: ["jc-star"] };
export const otherPartner: Principal = { id: "other-partner", role: "partner", schemes: ["jc-star"] };
export const clsPartner: Principal = { id: "cls-partner", role: "partner", schemes: ["sg-cls"] };
