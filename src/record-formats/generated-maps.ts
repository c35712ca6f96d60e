import { createFieldMaps, digest } from "../../generated/field-maps.js";
import { type CompiledFieldMaps, setAt } from "./field-map.ts";
import { compileSelector } from "./jsonpath.ts";
import { applyStep, asString, TransformError } from "./transforms.ts";

/**
 * The record maps as compiled by `npm run build` (generated/field-maps.js), ready to run on either runtime. The
 * translator uses them for the catalog they were generated from and interprets any other.
 */
export const generatedFieldMaps: CompiledFieldMaps = {
  digest,
  maps: createFieldMaps({ applyStep, asString, TransformError, compileSelector, setAt }),
};
