import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./equivalence.handlers.ts";
import * as routes from "./equivalence.routes.ts";

export const equivalenceRouter = createRouter()
  .openapi(routes.matrix, handlers.matrix)
  .openapi(routes.equivalence, handlers.equivalence);
