import type { Context } from "hono";
import { stream } from "hono/streaming";
import { type Translation, TranslationRequest, type TranslationResult } from "../../contracts/translation.ts";
import { summariseRecognition } from "../../domain/translation/recognition-summary.ts";
import { concat } from "../../lib/concat-bytes.ts";
import { fieldErrors } from "../../lib/create-router.ts";
import { scanJson } from "../../lib/json-scan.ts";
import { ProblemError, problemBody } from "../../lib/problem.ts";
import { toProblem } from "../../lib/to-problem.ts";
import type { AppEnv, AppRouteHandler } from "../../lib/types.ts";
import { translationCredential, wantsCredential } from "../credentials/issue.ts";
import { TRANSLATION_LIMITS, type translate as translateRoute } from "./translations.routes.ts";

export const translate: AppRouteHandler<typeof translateRoute> = async (c) => {
  const request = c.req.valid("json");
  const { include } = c.req.valid("query");
  if (wantsCredential(c)) {
    // The credential states the full recognition it rests on, whatever `include` says, and neither the requirement
    // results nor the unmapped list: those are not computed for it (about half of a translation's CPU).
    const core = await c.get("services").translations.translate(request, "core");
    return translationCredential(c, core, { conflict: 422, pointer: "/body/record" });
  }
  return c.json(present(await run(c, request), include), 200);
};

/** The translation as answered: the recognition summarised unless the full answer was asked for. */
export function present(result: Translation, include: "recognition" | undefined): TranslationResult {
  return include === "recognition" ? result : { ...result, recognition: summariseRecognition(result.recognition) };
}

/**
 * POST /v1/translations/batch: NDJSON in, NDJSON out, streamed as lines are done (in groups, see below). A bad line
 * yields a problem on its own output line (with its line number) and the batch goes on.
 */
export async function translateBatch(c: Context<AppEnv>) {
  const include = c.req.query("include");
  if (include !== undefined && include !== "recognition") {
    throw new ProblemError(400, "include takes one value: recognition", {
      errors: [{ pointer: "/query/include", detail: "must be recognition" }],
    });
  }
  const text = await c.req.text();
  const lines = text
    .split("\n")
    .map((line, index) => ({ line: index + 1, text: line.trim() }))
    .filter((l) => l.text);
  if (lines.length > TRANSLATION_LIMITS.batchLines) {
    throw new ProblemError(
      413,
      `a batch holds at most ${TRANSLATION_LIMITS.batchLines} lines; this one has ${lines.length}`,
    );
  }
  c.header("content-type", "application/x-ndjson");
  return stream(c, async (out) => {
    // Lines are written in groups, not one by one: each write is a trip through a web stream and a socket write, which
    // cost as much as a fifth of a line's translation. A group goes out at 64 KiB or 50 ms, whichever comes
    // first, so a slow batch still shows progress.
    const pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let flushedAt = performance.now();
    const flush = async () => {
      if (pending.length === 0) return;
      const chunk = concat(pending);
      pending.length = 0;
      pendingBytes = 0;
      flushedAt = performance.now();
      await out.write(chunk);
    };
    for (const { line, text: body } of lines) {
      let payload: Uint8Array;
      try {
        // Each line passes the same reading step as a JSON body: bounded nesting, no duplicate names, no NUL.
        const scanned = scanJson(body);
        if (scanned)
          throw new ProblemError(scanned.status, `line ${line}: ${scanned.detail}`, { errors: [scanned.error] });
        const parsed = TranslationRequest.safeParse(JSON.parse(body));
        if (!parsed.success) {
          throw new ProblemError(422, `line ${line} is not a translation request`, {
            errors: fieldErrors("json", parsed.error),
          });
        }
        const result = present(await run(c, parsed.data), include);
        payload = encoder.encode(`{"line":${line},"result":${JSON.stringify(result)}}\n`);
      } catch (error) {
        payload = encoder.encode(`${JSON.stringify({ line, problem: asProblem(c, error, line) })}\n`);
      }
      pending.push(payload);
      pendingBytes += payload.byteLength;
      if (pendingBytes >= BATCH_WRITE_BYTES || performance.now() - flushedAt >= BATCH_WRITE_MS) await flush();
    }
    await flush();
  });
}

/** When a batch's pending output lines are written: at this many bytes, or this long after the last write. */
const BATCH_WRITE_BYTES = 64 * 1024;
const BATCH_WRITE_MS = 50;
const encoder = new TextEncoder();

/** The translation as the TranslationService makes it (src/services/translation-service.ts). */
function run(c: Context<AppEnv>, request: TranslationRequest): Promise<Translation> {
  return c.get("services").translations.translate(request);
}

function asProblem(c: Context<AppEnv>, error: unknown, line: number) {
  const problem = toProblem(error);
  if (problem) return problemBody(c, problem.status, problem.message, problem.errors);
  if (error instanceof SyntaxError) return problemBody(c, 400, `line ${line} is not JSON: ${error.message}`);
  c.get("deps").logger.error({ requestId: c.get("requestId"), line, err: String(error) }, "batch line failed");
  return problemBody(c, 500, `line ${line} could not be translated; logged with this request's id`);
}
