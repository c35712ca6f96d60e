import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./market-access.handlers.ts";
import * as routes from "./market-access.routes.ts";

export const marketAccessRouter = createRouter().openapi(routes.marketAccess, handlers.marketAccess);
