import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * RFC 9457 problem details: the one error shape of the whole API. Handlers throw ProblemError; the app's error
 * handler and validation hook turn everything into this body, sent as application/problem+json.
 */
export const ProblemFieldError = z
  .object({
    pointer: z
      .string()
      .openapi({ example: "/query/asOf", description: "JSON pointer to the bad input: /query/…, /path/…, /body/…" }),
    detail: z.string().openapi({ example: "must be a date written YYYY-MM-DD" }),
  })
  .openapi("ProblemFieldError");

export const Problem = z
  .object({
    type: z.string().openapi({ example: "urn:kakehashi:problem:not-found" }),
    title: z.string().openapi({ example: "Not found" }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().optional().openapi({ example: 'scheme "xx" is not in the catalog' }),
    instance: z.string().optional().openapi({ example: "/v1/schemes/xx" }),
    requestId: z.string().optional(),
    errors: z.array(ProblemFieldError).optional(),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof Problem>;
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

const problemTypes = {
  400: ["bad-request", "Bad request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  406: ["not-acceptable", "Not acceptable"],
  409: ["conflict", "Conflict"],
  410: ["gone", "Gone"],
  412: ["precondition-failed", "Precondition failed"],
  413: ["payload-too-large", "Payload too large"],
  414: ["uri-too-long", "URI too long"],
  415: ["unsupported-media-type", "Unsupported media type"],
  422: ["unprocessable-content", "Unprocessable content"],
  428: ["precondition-required", "Precondition required"],
  429: ["too-many-requests", "Too many requests"],
  500: ["internal", "Internal server error"],
  503: ["unavailable", "Service unavailable"],
} as const satisfies Record<number, readonly [string, string]>;
export type ProblemStatus = keyof typeof problemTypes;

// Problem types are names, not links: a URN cannot point at a domain we do not own.
export const PROBLEM_TYPE_BASE = "urn:kakehashi:problem:";

export class ProblemError extends Error {
  readonly status: ProblemStatus;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: ProblemStatus,
    detail: string,
    options: { errors?: ProblemFieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ProblemError";
    this.status = status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** 404 for an id the catalog does not hold, pointing at the parameter that named it. */
export function notFound(pointer: string, detail: string): ProblemError {
  return new ProblemError(404, detail, { errors: [{ pointer, detail }] });
}

export function problemBody(c: Context, status: ProblemStatus, detail: string, errors?: ProblemFieldError[]): Problem {
  const [slug, title] = problemTypes[status];
  const requestId = c.get("requestId" as never) as string | undefined;
  return {
    type: `${PROBLEM_TYPE_BASE}${slug}`,
    title,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...(requestId ? { requestId } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function problemResponse(
  c: Context,
  status: ProblemStatus,
  detail: string,
  errors?: ProblemFieldError[],
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemBody(c, status, detail, errors)), {
    status: status as ContentfulStatusCode,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

/** OpenAPI response entries for the problems a route can answer with, spread into every createRoute. */
export function problemResponses(...statuses: ProblemStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemTypes[status][1], content: { "application/problem+json": { schema: Problem } } },
    ]),
  ) as Record<
    ProblemStatus,
    { description: string; content: { "application/problem+json": { schema: typeof Problem } } }
  >;
}
