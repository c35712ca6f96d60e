import type { CatalogIndex } from "../catalog/catalog-index.ts";
import type { Translation, TranslationRequest } from "../contracts/translation.ts";
import type { Clock } from "../deps.ts";
import {
  InvalidRecordError,
  type TranslationCore,
  type Translator,
  UnsupportedPairError,
} from "../domain/translation/translator.ts";
import { requireScheme, ServiceError } from "./errors.ts";

/**
 * Translating a record from one scheme's format to another's, beyond HTTP: the schemes must be in the catalog and
 * differ, the date is today's by default (the injected clock), and what the translator refuses becomes a
 * ServiceError naming the input at fault. The translation itself is the Translator's (src/domain/translation/).
 */
export class TranslationService {
  constructor(private readonly deps: { catalog: CatalogIndex; translator: Translator; clock: Clock }) {}

  /** `core`: without the requirement results and the unmapped list, as a credential states it (TranslationCore). */
  translate(request: TranslationRequest): Promise<Translation>;
  translate(request: TranslationRequest, parts: "core"): Promise<TranslationCore>;
  async translate(request: TranslationRequest, parts: "all" | "core" = "all"): Promise<Translation | TranslationCore> {
    const { catalog, translator, clock } = this.deps;
    requireScheme(catalog, request.from, "/body/from");
    requireScheme(catalog, request.to, "/body/to");
    if (request.from === request.to) {
      throw new ServiceError("invalid", "from and to name the same scheme", {
        faults: [{ pointer: "/body/to", detail: `must differ from ${request.from}` }],
      });
    }
    try {
      const input = { ...request, asOf: request.asOf ?? clock.today() };
      return parts === "core" ? await translator.translate(input, "core") : await translator.translate(input);
    } catch (error) {
      if (error instanceof InvalidRecordError) {
        const faults = error.errors.map((e) => ({ pointer: `/body${e.pointer}`, detail: e.detail }));
        throw new ServiceError("invalid", error.message, { faults });
      }
      if (error instanceof UnsupportedPairError) {
        const supported = error.supported.join(", ");
        throw new ServiceError("invalid", `${error.message}; records translate between: ${supported}`, {
          faults: [{ pointer: "/body/to", detail: `supported schemes: ${supported}` }],
        });
      }
      throw error;
    }
  }
}
