import { type RouteConfig, z } from "@hono/zod-openapi";
import { TranslationResult } from "../../contracts/translation.ts";
import { createRouter } from "../../lib/create-router.ts";
import { Problem, problemResponses } from "../../lib/problem.ts";
import { routeFacts } from "../../lib/route-facts.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import * as handlers from "./translations.handlers.ts";
import * as routes from "./translations.routes.ts";

const { batchBytes, batchLines } = routes.TRANSLATION_LIMITS;

export const translationsRouter = createRouter().openapi(routes.translate, handlers.translate);

// The batch route reads and writes NDJSON, which zod cannot describe as one body; it is documented by hand. The
// answer's schema describes one line (OpenAPI 3.1 has no keyword for a stream's items; the tests validate each line).
const BatchLine = z
  .union([
    z.object({ line: z.number().int().min(1), result: TranslationResult }),
    z.object({ line: z.number().int().min(1), problem: Problem }),
  ])
  .openapi("TranslationBatchLine", { description: "one line of the NDJSON answer: a result or a problem" });

const batch = {
  operationId: "translateRecords",
  method: "post" as const,
  path: "/v1/translations/batch",
  tags: ["Translation"],
  summary: "Translate many records: NDJSON in, NDJSON out",
  description:
    `One TranslationRequest per line, at most ${batchLines} lines and ${batchBytes / 1024 / 1024} MiB. The answer streams ` +
    "one line per input line, in order: `{line, result}` or `{line, problem}` (RFC 9457). A bad line does not fail " +
    "the batch. `include=recognition` embeds the full equivalence answer in each result instead of its summary.",
  request: {
    query: z.object({ include: routes.TranslationInclude }),
    body: { required: true, content: { "application/x-ndjson": { schema: z.string() } } },
  },
  responses: {
    200: {
      description: "One JSON object per line, each matching the schema: {line, result} or {line, problem}",
      content: { "application/x-ndjson": { schema: BatchLine } },
    },
    ...problemResponses(400, 406, 413, 415),
  },
} satisfies RouteConfig;

// Not a contract route (`openapi()` would validate the body as JSON): its facts and body rules are its first handlers.
translationsRouter.post(
  batch.path,
  routeFacts({ produces: ["application/x-ndjson"] }),
  ...bodyRules("application/x-ndjson", batchBytes),
  handlers.translateBatch,
);
translationsRouter.openAPIRegistry.registerPath(batch);
