import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./arrangements.handlers.ts";
import * as routes from "./arrangements.routes.ts";

export const arrangementsRouter = createRouter().openapi(routes.list, handlers.list);
