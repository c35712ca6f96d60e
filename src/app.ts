import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { IssuedCredentials } from "./credentials/issued.ts";
import { type Deps, webCryptoSha256 } from "./deps.ts";
import { EquivalenceEngine } from "./domain/equivalence/engine.ts";
import { Translator } from "./domain/translation/translator.ts";
import { chooseLang } from "./i18n/messages.ts";
import { clientClosedResponse, isClientAbort } from "./lib/client-abort.ts";
import { COMMON_RESPONSES_NOTE, withCommonResponses } from "./lib/common-responses.ts";
import { createRouter } from "./lib/create-router.ts";
import { type ProblemStatus, problemResponse } from "./lib/problem.ts";
import { inlineRequestBodySchemas } from "./lib/request-body-schemas.ts";
import { factsOf, type RouteTable, routeFacts, routeTable } from "./lib/route-facts.ts";
import { toProblem } from "./lib/to-problem.ts";
import type { AppEnv } from "./lib/types.ts";
import { accepts, negotiation } from "./middleware/negotiation.ts";
import { requestContext } from "./middleware/request-context.ts";
import { responseMemo } from "./middleware/response-memo.ts";
import { routeGuard } from "./middleware/route-guard.ts";
import { allowedMethods, requestLineRules, routeRules } from "./middleware/route-rules.ts";
import { closeAfterUnreadBody } from "./middleware/unread-body.ts";
import { generatedRecordChecks } from "./record-formats/generated-checks.ts";
import { generatedFieldMaps } from "./record-formats/generated-maps.ts";
import { apiRouters, viewRouters } from "./routes/mounted.ts";
import { createServices } from "./services/services.ts";
import { pageMethodNotAllowed } from "./web/method-not-allowed.ts";
import { pageNotFound } from "./web/web.index.ts";

export const API_VERSION = "0.1.0";

/**
 * The one app factory both runtimes serve. It imports nothing runtime-specific: the entries (node.ts, worker.ts)
 * and the tests hand in the dependencies.
 */
export function createApp(deps: Deps) {
  const app = createRouter();
  const engine = new EquivalenceEngine(deps.catalog);
  // Field maps and record checks run as the build's generated code (both runtimes); a catalog it was not made from is
  // interpreted, and its records are checked by zod alone.
  const translator = new Translator(
    deps.catalog,
    engine,
    deps.sha256 ?? webCryptoSha256,
    generatedFieldMaps,
    generatedRecordChecks,
  );
  const services = createServices(deps, translator);
  const issued = deps.issued ?? IssuedCredentials.inMemory(deps.logger);
  app.use("*", requestContext(deps));
  app.use("*", closeAfterUnreadBody());
  // Not async: returning next()'s promise spares every request a frame and a microtask (docs/decisions.md, Speed).
  app.use("*", (c, next) => {
    c.set("engine", engine);
    c.set("translator", translator);
    c.set("services", services);
    c.set("issued", issued);
    return next();
  });
  // The request line first — dot segments, then a method no route serves: 405 wins over a 406 or 414, since the
  // method is the first thing wrong.
  const table = routeTable(() => app.routes);
  const methodNotAllowedPage = (c: Context<AppEnv>, allow: readonly string[]) =>
    pageMethodNotAllowed(c, allow, table.at);
  app.use("*", requestLineRules(app, methodNotAllowedPage));
  // What each route answers in, whether it is memoised and who may call it are facts declared with the route
  // (src/lib/route-facts.ts), read here from the route the request matched: no list of paths.
  app.use(
    "*",
    negotiation((c) => factsOf(c)),
  );
  // Unknown /v1 paths and query parameters: one rule for every route.
  app.use("*", routeRules(app));
  // Catalog-derived GET answers are pure functions of (catalog, day, URL): repeats skip the route entirely. Web pages
  // are pure functions of (catalog, day, URL, language): the same memo, keyed by language too.
  const memo = responseMemo();
  const pageMemo = responseMemo({
    vary: (c) => chooseLang(c.req.query("lang"), c.req.header("accept-language")),
  });
  app.use("*", (c, next) => {
    const kind = factsOf(c)?.memo;
    return kind === "catalog" ? memo(c, next) : kind === "page" ? pageMemo(c, next) : next();
  });
  // Record and subscription routes: the store, the API key and its role, the key's budget.
  app.use("*", routeGuard());

  for (const router of apiRouters) app.route("/", router);

  const openApiConfig = {
    openapi: "3.1.0",
    info: {
      title: "Kakehashi API",
      version: API_VERSION,
      description:
        "Mutual-recognition gateway for IoT security labels: the catalog of JC-STAR, Singapore CLS, UK PSTI, US Cyber " +
        "Trust Mark and EU CRA requirements, the crosswalks between them and the recognition arrangements in force. " +
        "Every fact carries its source and a confidence (primary, secondary, unconfirmed). Errors are RFC 9457 problems. " +
        COMMON_RESPONSES_NOTE,
    },
    servers: [{ url: "/", description: "This server" }],
    tags: [
      { name: "Catalog", description: "Schemes, levels, requirements, crosswalks and arrangements" },
      { name: "Equivalence", description: "What a label means in another scheme: legal, content, assurance" },
      { name: "Translation", description: "Certification records from one scheme's format to another's" },
      { name: "Records", description: "Partners' certification records: conditional writes, a change feed" },
      {
        name: "Webhooks",
        description: "Change-feed events pushed to partners' URLs, signed per Standard Webhooks (origin only)",
      },
      { name: "Credentials", description: "Signed verifiable credentials: the issuer's DID and keys, verification" },
      { name: "Operations", description: "Liveness and readiness" },
      { name: "Exports", description: "OSCAL 1.2.2 catalogs and control mappings, CSV for spreadsheets" },
    ],
  };
  // The document is the routes' contracts plus the responses every route shares (src/lib/common-responses.ts), with
  // request bodies inline (src/lib/request-body-schemas.ts); built on first request, when every route is registered.
  let openApiDocument: object | undefined;
  app.get("/openapi.json", routeFacts({ produces: ["application/json"] }), (c) => {
    openApiDocument ??= inlineRequestBodySchemas(withCommonResponses(app.getOpenAPI31Document(openApiConfig)));
    return c.json(openApiDocument);
  });
  for (const router of viewRouters) app.route("/", router);

  const allowed = allowedMethods(app.routes);
  const apiNamespace = apiPaths(table);
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const methods = allowed(path);
    if (methods.length > 0) {
      const page = methodNotAllowedPage(c as Context<AppEnv>, methods);
      if (page) return page;
      return problemResponse(
        c,
        405,
        `${c.req.method} is not supported on ${path}; use ${methods.join(", ")}`,
        undefined,
        {
          Allow: methods.join(", "),
        },
      );
    }
    // A person's browser gets a page with links back; API clients keep their problem+json.
    if (
      !apiNamespace(path) &&
      accepts(c.req.header("accept") ?? "", "text/html") &&
      /text\/html/i.test(c.req.header("accept") ?? "")
    ) {
      return pageNotFound(c as Context<AppEnv>);
    }
    return problemResponse(c, 404, `no resource at ${path}`);
  });
  app.onError((error, c) => handleError(error, c as Context<AppEnv>, deps));
  return app;
}

export type AppType = ReturnType<typeof createApp>;

/**
 * Whether a path no route serves is in the API's namespace — the first segment of a route that answers JSON (/v1,
 * /healthz, /.well-known …) — and so gets a problem+json 404 rather than the web view's HTML one.
 */
function apiPaths(table: RouteTable): (path: string) => boolean {
  let segments: Set<string> | undefined;
  return (path) => {
    segments ??= new Set(
      table
        .routes()
        .filter((r) => r.facts?.produces.some((type) => accepts(type, "application/json")))
        .map((r) => firstSegment(r.path)),
    );
    return segments.has(firstSegment(path));
  };
}

function firstSegment(path: string): string {
  return path.split("/")[1] ?? "";
}

function handleError(error: Error, c: Context<AppEnv>, deps: Deps): Response {
  // Problems thrown, and what services and stores refuse: one mapping (src/lib/to-problem.ts).
  const problem = toProblem(error);
  if (problem) return problemResponse(c, problem.status, problem.message, problem.errors, problem.headers);
  if (error instanceof HTTPException && error.status < 500 && isProblemStatus(error.status)) {
    return problemResponse(c, error.status, error.message || "the request could not be processed");
  }
  // Logged once, by the request line (middleware/request-context.ts), as an aborted request.
  if (isClientAbort(error, c)) return clientClosedResponse();
  deps.logger.error(
    { requestId: c.get("requestId"), err: { name: error.name, message: error.message, stack: error.stack } },
    "unhandled error",
  );
  return problemResponse(c, 500, "an unexpected error occurred; it has been logged with this request's id");
}

function isProblemStatus(status: number): status is ProblemStatus {
  return [400, 401, 403, 404, 405, 406, 413, 414, 415, 422].includes(status);
}
