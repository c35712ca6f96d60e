import { type Confidence, confidenceOrder } from "../contracts/common.ts";

/** One step weaker (primary → secondary → unconfirmed): what a fact loses for each inference hop it rests on. */
export function demote(confidence: Confidence): Confidence {
  const index = confidenceOrder.indexOf(confidence);
  return confidenceOrder[Math.max(0, index - 1)] ?? "unconfirmed";
}

export { weakestConfidence } from "../contracts/common.ts";
