import type { Context } from "hono";
import type { AppEnv } from "../lib/types.ts";
import { accepts } from "../middleware/negotiation.ts";
import { errorPage, lenientContext } from "./render.tsx";
import { webMediaType } from "./web.index.ts";

/**
 * A page path asked with a method no page serves (a POST to `/labels/…`): an HTML 405 with `Allow`, like the HTML
 * 404 and 400, since whoever asks a page path is mostly a person's browser. Undefined for any other path, and for a
 * client whose `Accept` excludes HTML (a script asking for JSON): those keep the problem+json 405 — the 405 is answered
 * before the negotiation, so it must not send a type the client refused when it can send one it accepts.
 */
export function pageMethodNotAllowed(c: Context<AppEnv>, allow: readonly string[]): Promise<Response> | undefined {
  if (webMediaType(c.req.path) !== "text/html") return undefined;
  const accept = c.req.header("accept");
  if (accept && !accepts(accept, "text/html")) return undefined;
  const ctx = lenientContext(c);
  const message = ctx.t("error.methodNotAllowedText", { allow: allow.join(", "), method: c.req.method });
  return errorPage(c, 405, message, ctx, { Allow: allow.join(", ") });
}
