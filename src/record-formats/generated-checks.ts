import { createRecordChecks, digest } from "../../generated/record-checks.js";
import { isRealDate } from "../contracts/common.ts";
import { plainHttpUrl } from "./plain-url.ts";
import type { CompiledRecordChecks } from "./record-parse.ts";

/**
 * The record checks as compiled by `npm run build` (generated/record-checks.js) from the zod schemas, ready to run on
 * either runtime. The translator runs them before zod, for the catalog they were generated from.
 */
export const generatedRecordChecks: CompiledRecordChecks = {
  digest,
  ...createRecordChecks({ isRealDate, plainHttpUrl }),
};
