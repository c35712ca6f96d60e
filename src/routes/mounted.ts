import { routeTable } from "../lib/route-facts.ts";
import { webRouter } from "../web/web.index.ts";
import { arrangementsRouter } from "./arrangements/arrangements.index.ts";
import { credentialsRouter } from "./credentials/credentials.index.ts";
import { crosswalksRouter } from "./crosswalks/crosswalks.index.ts";
import { docsRouter } from "./docs/docs.index.ts";
import { equivalenceRouter } from "./equivalence/equivalence.index.ts";
import { exportsRouter } from "./exports/exports.index.ts";
import { healthRouter } from "./health/health.index.ts";
import { marketAccessRouter } from "./market-access/market-access.index.ts";
import { recordsRouter } from "./records/records.index.ts";
import { schemesRouter } from "./schemes/schemes.index.ts";
import { subscriptionsRouter } from "./subscriptions/subscriptions.index.ts";
import { translationsRouter } from "./translations/translations.index.ts";

/** The API's routers, in the order the app mounts them (before its OpenAPI document, the docs and the web view). */
export const apiRouters = [
  healthRouter,
  schemesRouter,
  crosswalksRouter,
  arrangementsRouter,
  equivalenceRouter,
  marketAccessRouter,
  translationsRouter,
  recordsRouter,
  subscriptionsRouter,
  credentialsRouter,
  exportsRouter,
] as const;

/** The pages, the docs and their assets, mounted after the API. */
export const viewRouters = [docsRouter, webRouter] as const;

/**
 * The facts of every route the app mounts, for the decisions the edge Worker takes before the app is built (which
 * paths go to the origin, which answers its shared cache never keeps).
 */
export const mountedRoutes = routeTable(() => [...apiRouters, ...viewRouters].flatMap((router) => router.routes));
