import type { ArrangementFile } from "../contracts/arrangement.ts";
import type { CrosswalkFile } from "../contracts/crosswalk.ts";
import type { MarketAccessFile } from "../contracts/market-access.ts";
import type { RecordMapFile } from "../contracts/record-map.ts";
import type { SchemeFile, VocabularyFile } from "../contracts/scheme.ts";
import type { JapaneseTexts } from "./ja/check-japanese.ts";

/**
 * The compiled catalog: every data file validated and normalised into one JSON bundle with a content digest. Both
 * runtimes import this bundle; nothing at run time reads `schemes/` or `mappings/`.
 */
export interface Catalog {
  /** sha256 (hex) of the catalog content: the cache-key namespace and the root of every ETag. */
  digest: string;
  schemes: CompiledScheme[];
  categories: ProductCategory[];
  crosswalks: Crosswalk[];
  arrangements: Arrangement[];
  recordMaps: RecordMap[];
  /** Per market: what each product category needs to be sold there, dated (mappings/market-access/). */
  markets: Market[];
  /**
   * The texts in other languages than English, from the `ja/` companion files: per catalog object (`scheme:<id>`,
   * `market:<code>`, `arrangement:<id>`, `crosswalk:<id>`, `categories`) and key. Read through `CatalogIndex.textIn`.
   */
  texts: { ja: JapaneseTexts };
}

type SchemeLevelFile = SchemeFile["levels"][number];

export type CompiledLevel = Omit<SchemeLevelFile, "assurance"> & {
  assurance: SchemeLevelFile["assurance"] & { rank: number };
  /** Every requirement the level demands, its own and those of the levels it includes, in catalog order. */
  allRequirements: string[];
};

export type CompiledScheme = Omit<SchemeFile, "$schema" | "levels"> & { levels: CompiledLevel[] };
export type SchemeRequirement = SchemeFile["requirements"][number];
export type ProductCategory = VocabularyFile["categories"][number];
export type Crosswalk = Omit<CrosswalkFile, "$schema">;
export type Arrangement = Omit<ArrangementFile, "$schema">;
export type RecordMap = Omit<RecordMapFile, "$schema">;
export type Market = Omit<MarketAccessFile, "$schema">;
