import { createRouter } from "../../lib/create-router.ts";
import * as handlers from "./crosswalks.handlers.ts";
import * as routes from "./crosswalks.routes.ts";

export const crosswalksRouter = createRouter().openapi(routes.list, handlers.list);
