/**
 * Responses any route can send without its handler choosing to: the shared middleware and the HTTP server answer
 * them before (or after) a route runs. Rather than copy them into every `createRoute`, the served document gets them
 * added here, once, from `components.responses` — so a route added tomorrow is documented the same way.
 */
/** HTTP statuses, as numbers: 431 and 408 are sent by the HTTP server, not by `ProblemError`. */
type Status = number;

const everyOperation: Status[] = [400, 406, 414, 431, 500];
/**
 * Operations that read a request body: the body rules answer 413 and 415 before validation; the Node origin answers
 * 408 when the body stops arriving.
 */
const withBody: Status[] = [408, 413, 415];
/** Operations behind an API key: no key or a bad one, a key without the grant, the key's budget, the store's outage. */
const withKey: Status[] = [401, 403, 429, 503];

const descriptions: Record<Status, string> = {
  401: "No API key, or one the server does not know.",
  403: "The API key lacks the role or the scheme grant this operation needs.",
  408:
    "The request body stopped arriving: nothing of it was received for `BODY_IDLE_TIMEOUT_MS` (10 s by default); " +
    "the connection is closed after this answer.",
  413: "The request body is larger than this operation accepts.",
  415:
    "The request body is not in a media type this operation accepts, or it is compressed: bodies are read " +
    "without Content-Encoding (`Accept-Encoding: identity` says so).",
  400: "A malformed path, query or header: one `errors[]` entry per bad field.",
  406: "The `Accept` header excludes every media type this operation produces.",
  414: "The request's path and query are longer than the server accepts (2,048 characters; the host is not counted).",
  431: "The request's header fields are too large; the HTTP server answers before any route runs.",
  429: "The API key has used its per-minute budget; `Retry-After` says when to try again.",
  500: "An unexpected failure; logged with the request id the problem carries.",
  503: "A dependency (the record store, or the origin behind the edge) is unavailable; `Retry-After` when known.",
};

const retryAfter = {
  "Retry-After": { description: "seconds to wait before retrying", schema: { type: "string", pattern: "^\\d+$" } },
};

const acceptEncoding = {
  "Accept-Encoding": {
    description: "`identity` when the body was refused for its Content-Encoding",
    schema: { type: "string" },
  },
};

type Json = Record<string, unknown>;
interface Operation extends Json {
  responses?: Record<string, unknown>;
  requestBody?: unknown;
  security?: unknown[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
const ALL: Status[] = [...everyOperation, ...withBody, ...withKey];

export function commonResponseName(status: Status): string {
  return `Problem${status}`;
}

/**
 * The generated document with the common responses added to every operation that lacks them (a route's own entry
 * for a status wins), and the rule for undocumented methods stated: they answer 405 with `Allow`.
 */
export function withCommonResponses<T extends object>(document: T): T {
  const doc = structuredClone(document) as Json & { paths?: Record<string, Record<string, Operation>> };
  doc.components ??= {};
  const components = doc.components as Json;
  components.responses ??= {};
  const responses = components.responses as Json;
  const used = new Set<Status>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const statuses = [
        ...everyOperation,
        ...(operation.requestBody ? withBody : []),
        ...(operation.security && operation.security.length > 0 ? withKey : []),
      ];
      operation.responses ??= {};
      const own = operation.responses;
      for (const status of statuses) {
        if (own[status] !== undefined) continue;
        own[status] = { $ref: `#/components/responses/${commonResponseName(status)}` };
        used.add(status);
      }
      operation.responses = sortedByStatus(own);
    }
  }
  for (const status of ALL.filter((s) => used.has(s)).sort((a, b) => a - b)) {
    responses[commonResponseName(status)] = {
      description: descriptions[status] ?? `HTTP ${status}`,
      ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
      ...(status === 415 ? { headers: acceptEncoding } : {}),
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
  }
  return doc as T;
}

function sortedByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The paragraph the document's description ends with: what no single operation can say. */
export const COMMON_RESPONSES_NOTE =
  "Every operation can also answer 400, 406, 414, 431 and 500 (and, with a body, 408, 413 and 415; behind an API key, " +
  "401, 403, 429 and 503) as an RFC 9457 problem (`application/problem+json`). A method a path does not list " +
  "answers 405 with an `Allow` header naming the methods it does.";
