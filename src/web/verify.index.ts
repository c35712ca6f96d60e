import type { Context } from "hono";
import { Hono } from "hono";
import { qrSvg, qrSymbol } from "../credentials/qr.ts";
import { UncheckableCredential } from "../credentials/secure.ts";
import { ProblemError } from "../lib/problem.ts";
import { routeFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";
import { verifyToken } from "../routes/credentials/credentials.handlers.ts";
import { pageContext } from "./page-context.ts";
import { VERIFY_SCRIPTS, type VerifyView, verifyPage } from "./pages/verify.tsx";
import { errorPage, renderDocument } from "./render.tsx";

/**
 * The officer's page, `/verify`: GET shows the form (or, with `?id=`, checks a credential this service keeps — the
 * link a too-long credential's QR code holds); POST checks a pasted credential, with no JavaScript needed. Scanning is
 * done in the browser (/assets/verify.js with jsQR), which then posts the form. Never cached: the answer is about now.
 */
const FORM_LIMIT_BYTES = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The officer's page: HTML, a page's errors, never kept in the edge's shared cache (its answer is about now). */
const officerPage = routeFacts({ produces: ["text/html"], page: true, edge: "private" });
const script = routeFacts({ produces: ["text/javascript"] });

export const verifyRouter = new Hono<AppEnv>()
  .get("/verify", officerPage, async (c) => {
    const id = c.req.query("id");
    if (id === undefined) return show(c, {});
    if (!UUID.test(id)) return badField(c, "id", "a credential's UUID");
    const entry = await c.var.issued.get(id);
    if (!entry) return show(c, { notice: pageContext(c).t("verify.unknownId", { id }) });
    return show(c, await check(c, entry.token));
  })
  .post("/verify", officerPage, async (c) => {
    const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
      return badField(c, "credential", "send the form (application/x-www-form-urlencoded)");
    }
    if (Number(c.req.header("content-length") ?? 0) > FORM_LIMIT_BYTES) {
      return badField(c, "credential", `at most ${FORM_LIMIT_BYTES / 1024} KiB`);
    }
    const form = await c.req.parseBody();
    const token = typeof form.credential === "string" ? form.credential.trim() : "";
    if (!token || token.length > FORM_LIMIT_BYTES) return badField(c, "credential", "paste a credential");
    return show(c, await check(c, token));
  })
  .get(VERIFY_SCRIPTS[0], script, (c) => asset(c, "jsqr.js"))
  .get(VERIFY_SCRIPTS[1], script, (c) => asset(c, "verify.js"));

async function check(c: Context<AppEnv>, token: string): Promise<VerifyView> {
  try {
    const result = await verifyToken(c, token);
    const symbol = qrSymbol(token);
    return { token, result, qrSvg: symbol ? qrSvg(symbol, pageContext(c).t("verify.print.title")) : null };
  } catch (error) {
    if (error instanceof UncheckableCredential) {
      return { token, uncheckable: { detail: error.message, unknownKey: error.reason === "unknown-key" } };
    }
    // No keys configured here (the route's 503): said on the page, not as a problem document.
    if (error instanceof ProblemError && error.status === 503) {
      return { token, notice: pageContext(c).t("verify.unavailable") };
    }
    throw error;
  }
}

async function show(c: Context<AppEnv>, view: VerifyView): Promise<Response> {
  const ctx = pageContext(c);
  return c.body(await renderDocument(ctx, verifyPage(ctx, view)), 200, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Language": ctx.lang,
    Vary: "Accept-Language",
  });
}

function badField(c: Context<AppEnv>, field: string, detail: string) {
  const ctx = pageContext(c);
  return errorPage(c, 400, ctx.t("error.badField", { field, detail }), ctx);
}

function asset(c: Context<AppEnv>, name: string) {
  const body = c.var.deps.docsAssets?.[name];
  if (!body) return c.notFound();
  return c.body(body, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=86400",
  });
}
