import { z } from "zod";
import { ArrangementFile } from "../src/contracts/arrangement.ts";
import { CrosswalkFile } from "../src/contracts/crosswalk.ts";
import { MarketAccessFile } from "../src/contracts/market-access.ts";
import { RecordMapFile } from "../src/contracts/record-map.ts";
import { SchemeFile, VocabularyFile } from "../src/contracts/scheme.ts";

/**
 * JSON Schemas of the four data-file kinds, generated from the zod schemas the build validates with, so editors
 * autocomplete and flag mistakes as a reviewer types (the `# yaml-language-server: $schema=` line in each file).
 */
export const jsonSchemaFiles: Record<string, z.ZodType> = {
  "scheme.schema.json": SchemeFile,
  "vocabulary.schema.json": VocabularyFile,
  "crosswalk.schema.json": CrosswalkFile,
  "arrangement.schema.json": ArrangementFile,
  "record-map.schema.json": RecordMapFile,
  "market-access.schema.json": MarketAccessFile,
};

export function renderJsonSchema(schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  return `${JSON.stringify(json, null, 2)}\n`;
}
