import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./schemes.handlers.ts";
import * as routes from "./schemes.routes.ts";

export const schemesRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.level, handlers.level)
  .openapi(routes.requirement, handlers.requirement);
