import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import openApiDocument from "../../generated/openapi.js";

/**
 * Holds every response the tests receive to the OpenAPI document the build generated (generated/openapi.js, the one
 * /openapi.json serves), with an independent JSON Schema validator: ajv, draft 2020-12 — the dialect of OpenAPI 3.1.
 * It runs unchanged on Node and inside workerd (the Workers test pool allows ajv's compiled validators).
 *
 * The rules, by request path:
 * - a path the document lists: the method must be documented (or the answer is 405 with `Allow`), the status must be
 *   one of the operation's, the media type one the status lists (none for 204/304/HEAD), every header the response
 *   documents as required present and every documented header that is present valid, and the body valid against its
 *   schema (NDJSON line by line);
 * - any other path under /v1: only an RFC 9457 problem with 404, 405 or a status every operation shares — an
 *   undocumented /v1 route answering 200 fails loudly, so a route missing from the document shows at once;
 * - any other path (web pages, /docs, /openapi.json, well-known files): outside the API document. An HTML page is not
 *   checked; a problem+json answer must still be a valid problem.
 */
type Json = Record<string, unknown>;
interface MediaType {
  schema?: unknown;
}
interface HeaderObject {
  required?: boolean;
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, HeaderObject | { $ref: string }>;
  $ref?: string;
}
interface Operation {
  responses?: Record<string, ResponseObject>;
}

const doc = openApiDocument as Json & { paths: Record<string, Record<string, Operation>>; components?: Json };
const DOC_ID = "urn:kakehashi:openapi";
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  validateFormats: true,
});
addFormats(ajv);
// OpenAPI's `example` annotation, and the document's top-level fields: ajv resolves `#/components/...` pointers from
// the document's root, which it therefore reads as a schema whose keywords must be known.
for (const keyword of [
  "example",
  "openapi",
  "info",
  "servers",
  "paths",
  "components",
  "tags",
  "security",
  "webhooks",
]) {
  ajv.addKeyword(keyword);
}
ajv.addSchema(doc, DOC_ID);

const validators = new Map<string, ValidateFunction>();
function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const pointerPart = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");
const pointer = (...parts: string[]) => parts.map((p) => `/${pointerPart(p)}`).join("");

/** A document `$ref` (#/components/...) followed to its object, with the pointer it lives at. */
function resolve<T>(value: T | { $ref: string }, at: string): { value: T; at: string } {
  const ref = (value as { $ref?: string }).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return { value: value as T, at };
  let node: unknown = doc;
  for (const part of ref.slice(2).split("/")) {
    node = (node as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return { value: node as T, at: ref.slice(1) };
}

const templates = Object.keys(doc.paths)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}/]+\}/g, "[^/]+")}$`),
    literal: template.split("/").filter((s) => s && !s.startsWith("{")).length,
  }))
  .sort((a, b) => b.literal - a.literal);

/** The documented path a concrete path belongs to; literal segments win over parameters (/v1/records/batch). */
export function documentedPath(path: string): string | undefined {
  return templates.find((t) => t.pattern.test(path))?.template;
}

/** Statuses every operation shares (the document adds them as `components/responses/Problem<status>`). */
const sharedStatuses = new Set(
  Object.keys((doc.components?.responses as Json | undefined) ?? {})
    .map((name) => /^Problem(\d{3})$/.exec(name)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number),
);

export interface Exchange {
  method: string;
  /** Path and query, or a full URL. */
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

const mediaType = (headers: Headers) => headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
const isJson = (type: string) => type === "application/json" || type.endsWith("+json");

/** Everything about one exchange that contradicts the document; empty when it conforms. */
export function contractViolations(exchange: Exchange): string[] {
  const url = new URL(exchange.url, "http://test.invalid");
  const path = url.pathname;
  const method = exchange.method.toUpperCase();
  const where = `${method} ${path}${url.search.length > 80 ? `${url.search.slice(0, 80)}…` : url.search} → ${exchange.status}`;
  const problems = check(exchange, method, path);
  return problems.map((p) => `${where}: ${p}`);
}

function check(exchange: Exchange, method: string, path: string): string[] {
  const template = documentedPath(path);
  const type = mediaType(exchange.headers);
  if (template === undefined) {
    if (path === "/v1" || path.startsWith("/v1/")) {
      if (exchange.status !== 404 && exchange.status !== 405 && !sharedStatuses.has(exchange.status)) {
        return [`the OpenAPI document has no path matching ${path}, and ${exchange.status} is not a shared error`];
      }
      return problemViolations(exchange, type);
    }
    return type === "application/problem+json" ? problemViolations(exchange, type) : [];
  }

  const item = doc.paths[template] ?? {};
  const opMethod = method === "HEAD" && !item.head ? "get" : method.toLowerCase();
  const operation = item[opMethod];
  if (!operation || !METHODS.includes(opMethod)) {
    const allowed = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
    if (allowed.includes("GET")) allowed.push("HEAD");
    const problems = problemViolations(exchange, type);
    if (exchange.status !== 405 && !sharedStatuses.has(exchange.status)) {
      problems.unshift(`${method} is not documented on ${template}: expected 405, not ${exchange.status}`);
    }
    if (exchange.status === 405) {
      // Allow must name every documented method, and nothing else but HEAD and OPTIONS, which the server answers.
      const allow = (exchange.headers.get("allow") ?? "")
        .split(",")
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean);
      const missing = allowed.filter((m) => !allow.includes(m));
      const extra = allow.filter((m) => !allowed.includes(m) && m !== "OPTIONS");
      if (missing.length > 0 || extra.length > 0) {
        problems.push(`Allow is "${allow.join(", ")}" but the document lists ${allowed.join(", ")}`);
      }
    }
    return problems;
  }

  const responsesAt = pointer("paths", template, opMethod, "responses");
  const key = [String(exchange.status), `${String(exchange.status)[0]}XX`, "default"].find(
    (k) => operation.responses?.[k] !== undefined,
  );
  const declared = key === undefined ? undefined : operation.responses?.[key];
  if (key === undefined || declared === undefined) {
    const listed = Object.keys(operation.responses ?? {}).join(", ");
    return [
      `status ${exchange.status} is not documented for ${opMethod.toUpperCase()} ${template} (documented: ${listed})`,
    ];
  }
  const { value: response, at } = resolve<ResponseObject>(declared, `${responsesAt}${pointer(key)}`);
  const problems: string[] = [];
  problems.push(...headerViolations(exchange.headers, response, at));

  const bodiless = method === "HEAD" || exchange.status === 204 || exchange.status === 304;
  const content = response.content ?? {};
  if (bodiless || Object.keys(content).length === 0) {
    if (!bodiless && exchange.body.length > 0) problems.push(`a body was sent but the document declares none`);
    if (bodiless && exchange.body.length > 0)
      problems.push(`a ${method === "HEAD" ? "HEAD" : exchange.status} answer must have no body`);
    return problems;
  }
  const media = content[type];
  if (!media) {
    problems.push(
      `content type "${type || "(none)"}" is not documented (documented: ${Object.keys(content).join(", ")})`,
    );
    return problems;
  }
  if (media.schema === undefined) return problems;
  const schemaAt = `${at}${pointer("content", type, "schema")}`;
  problems.push(...bodyViolations(exchange.body, type, schemaAt));
  if (type === "application/problem+json") problems.push(...problemStatusViolations(exchange));
  return problems;
}

function headerViolations(headers: Headers, response: ResponseObject, at: string): string[] {
  const problems: string[] = [];
  for (const [name, declared] of Object.entries(response.headers ?? {})) {
    const { value: header, at: headerAt } = resolve<HeaderObject>(declared, `${at}${pointer("headers", name)}`);
    const value = headers.get(name);
    if (value === null) {
      if (header.required) problems.push(`required header ${name} is missing`);
      continue;
    }
    if (header.schema === undefined) continue;
    const validate = validatorFor(`${headerAt}/schema`);
    if (!validate(value)) problems.push(`header ${name}: "${value}" ${ajv.errorsText(validate.errors)}`);
  }
  return problems;
}

function bodyViolations(body: string, type: string, schemaAt: string): string[] {
  const validate = validatorFor(schemaAt);
  if (type === "application/x-ndjson") {
    // A stream of JSON values, one per line; the document's schema describes one line.
    const line = validate;
    return body
      .split("\n")
      .filter((l) => l.trim())
      .flatMap((text, i) => {
        const parsed = parseJson(text);
        if (parsed === undefined) return [`NDJSON line ${i + 1} is not JSON`];
        return line(parsed.value) ? [] : [`NDJSON line ${i + 1}: ${describe(line)}`];
      });
  }
  if (isJson(type)) {
    const parsed = parseJson(body);
    if (parsed === undefined) return [`the ${type} body is not JSON: ${body.slice(0, 80)}`];
    return validate(parsed.value) ? [] : [`body: ${describe(validate)}`];
  }
  return validate(body) ? [] : [`body: ${describe(validate)}`];
}

const problemSchemaAt = "/components/schemas/Problem";

function problemViolations(exchange: Exchange, type: string): string[] {
  if (type !== "application/problem+json") return [`an error must be application/problem+json, not "${type}"`];
  return [...bodyViolations(exchange.body, type, problemSchemaAt), ...problemStatusViolations(exchange)];
}

/** RFC 9457: a problem's `status`, when present, is the HTTP status it came with. */
function problemStatusViolations(exchange: Exchange): string[] {
  const parsed = parseJson(exchange.body);
  const status = (parsed?.value as { status?: unknown } | undefined)?.status;
  return status === undefined || status === exchange.status
    ? []
    : [`the problem says status ${String(status)} but the response is ${exchange.status}`];
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`)
    .join("; ");
}
