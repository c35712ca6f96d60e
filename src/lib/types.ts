import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { Principal } from "../auth/api-keys.ts";
import type { IssuedCredentials } from "../credentials/issued.ts";
import type { Deps } from "../deps.ts";
import type { EquivalenceEngine } from "../domain/equivalence/engine.ts";
import type { Translator } from "../domain/translation/translator.ts";
import type { Services } from "../services/services.ts";
import type { Deadline } from "./deadline.ts";

/** What every handler finds on its context: the dependencies built by the entry, and this request's id. */
export interface AppEnv {
  Variables: {
    deps: Deps;
    /** The equivalence engine over deps.catalog, built once by createApp. */
    engine: EquivalenceEngine;
    /** The record translator over deps.catalog, built once by createApp. */
    translator: Translator;
    /** The services over deps (records, translations), built once by createApp: what handlers call. */
    services: Services;
    /** Issued compact credentials and their full answers: deps.issued, or an in-process store made by createApp. */
    issued: IssuedCredentials;
    requestId: string;
    /** The authenticated caller, on routes that require an API key. */
    principal?: Principal;
    /** On record routes: the one deadline the rate limiter and the store share (see lib/deadline.ts). */
    deadline?: Deadline;
    /** Set by routes that serve from a cache: hit | miss | bypass (reported in the log line). */
    cacheOutcome?: string;
  };
}

export type AppOpenAPI = OpenAPIHono<AppEnv>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
