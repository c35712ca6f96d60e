import type { Context } from "hono";
import type { RouteFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";
import { accepts } from "../middleware/negotiation.ts";
import { errorPage, lenientContext } from "./render.tsx";

/**
 * A page path (a route whose facts say `page`) asked with a method no page serves (a POST to `/labels/…`): an HTML 405 with `Allow`, like the HTML
 * 404 and 400, since whoever asks a page path is mostly a person's browser. Undefined for any other path, and for a
 * client whose `Accept` excludes HTML (a script asking for JSON): those keep the problem+json 405 — the 405 is answered
 * before the negotiation, so it must not send a type the client refused when it can send one it accepts.
 */
export function pageMethodNotAllowed(
  c: Context<AppEnv>,
  allow: readonly string[],
  factsAt: (path: string) => readonly RouteFacts[],
): Promise<Response> | undefined {
  if (!factsAt(c.req.path).some((facts) => facts.page)) return undefined;
  const accept = c.req.header("accept");
  if (accept && !accepts(accept, "text/html")) return undefined;
  const ctx = lenientContext(c);
  const message = ctx.t("error.methodNotAllowedText", { allow: allow.join(", "), method: c.req.method });
  return errorPage(c, 405, message, ctx, { Allow: allow.join(", ") });
}
