import type { Context } from "hono";
import type { AppEnv } from "../lib/types.ts";
import { errorPage, lenientContext } from "./render.tsx";
import { webMediaType } from "./web.index.ts";

/**
 * A page path asked with a method no page serves (a POST to `/labels/…`): an HTML 405 with `Allow`, like the HTML
 * 404 and 400, since whoever asks a page path is a person's browser. Undefined for any other path, which keeps its
 * problem+json 405 (the API, the stylesheet).
 */
export function pageMethodNotAllowed(c: Context<AppEnv>, allow: readonly string[]): Promise<Response> | undefined {
  if (webMediaType(c.req.path) !== "text/html") return undefined;
  const ctx = lenientContext(c);
  const message = ctx.t("error.methodNotAllowedText", { allow: allow.join(", "), method: c.req.method });
  return errorPage(c, 405, message, ctx, { Allow: allow.join(", ") });
}
