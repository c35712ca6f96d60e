import { z } from "@hono/zod-openapi";
import { createRouter } from "../../lib/create-router.ts";
import { problemResponses } from "../../lib/problem.ts";
import { bodyRules } from "../../middleware/body-rules.ts";
import * as handlers from "./translations.handlers.ts";
import * as routes from "./translations.routes.ts";

const { bodyBytes, batchBytes, batchLines } = routes.TRANSLATION_LIMITS;

export const translationsRouter = createRouter();
translationsRouter.use(routes.translate.path, ...bodyRules("application/json", bodyBytes));
translationsRouter.use("/v1/translations/batch", ...bodyRules("application/x-ndjson", batchBytes));
translationsRouter.openapi(routes.translate, handlers.translate);
translationsRouter.post("/v1/translations/batch", handlers.translateBatch);

// The batch route reads and writes NDJSON, which zod cannot describe as one body; it is documented by hand.
translationsRouter.openAPIRegistry.registerPath({
  operationId: "translateRecords",
  method: "post",
  path: "/v1/translations/batch",
  tags: ["Translation"],
  summary: "Translate many records: NDJSON in, NDJSON out",
  description:
    `One TranslationRequest per line, at most ${batchLines} lines and ${batchBytes / 1024 / 1024} MiB. The answer streams ` +
    "one line per input line, in order: `{line, result}` or `{line, problem}` (RFC 9457). A bad line does not fail " +
    "the batch.",
  request: { body: { required: true, content: { "application/x-ndjson": { schema: z.string() } } } },
  responses: {
    200: {
      description: "One JSON object per line: {line, result: TranslationResult} or {line, problem: Problem}",
      content: { "application/x-ndjson": { schema: z.string() } },
    },
    ...problemResponses(400, 406, 413, 415),
  },
});
