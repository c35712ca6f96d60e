import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./exports.handlers.ts";
import * as routes from "./exports.routes.ts";

export const exportsRouter = createRouter()
  .openapi(routes.oscalMapping, handlers.oscalMapping)
  .openapi(routes.oscalCatalog, handlers.oscalCatalog)
  .openapi(routes.csvCrosswalks, handlers.csvCrosswalks)
  .openapi(routes.csvMatrix, handlers.csvMatrix)
  .openapi(routes.csvEquivalence, handlers.csvEquivalence)
  .openapi(routes.csvRequirements, handlers.csvRequirements);
