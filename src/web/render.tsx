import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { CATALOG_CACHE_CONTROL, catalogEtag, matchesIfNoneMatch } from "../lib/catalog-etag.ts";
import type { AppEnv } from "../lib/types.ts";
import { Layout } from "./layout.tsx";
import { type PageContext, PageError, pageContext } from "./page-context.ts";

export interface Page {
  title: string;
  body: Child;
}

const HTML = "text/html; charset=utf-8";

/**
 * Serves a page. A page is a pure function of (catalog, date, URL, language), so its strong ETag is known before
 * anything is built and a matching If-None-Match is a 304 at once. Bad input (PageError) is an HTML page too.
 */
export async function servePage(c: Context<AppEnv>, build: (ctx: PageContext) => Page): Promise<Response> {
  let ctx: PageContext | undefined;
  try {
    ctx = pageContext(c);
    const etag = catalogEtag(c, `${ctx.asOf}|${ctx.lang}`);
    const headers = {
      ETag: etag,
      "Cache-Control": CATALOG_CACHE_CONTROL,
      Vary: "Accept-Language",
      "Content-Language": ctx.lang,
    };
    if (matchesIfNoneMatch(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
    const page = build(ctx);
    return c.body(await renderDocument(ctx, page), 200, { ...headers, "Content-Type": HTML });
  } catch (error) {
    if (!(error instanceof PageError)) throw error;
    return errorPage(c, error.status, error.message, ctx);
  }
}

export async function renderDocument(ctx: PageContext, page: Page): Promise<string> {
  const element = (
    <Layout ctx={ctx} title={page.title}>
      {page.body}
    </Layout>
  );
  return `<!doctype html>${await element.toString()}`;
}

/** An HTML error page: what went wrong in the reader's language, and links back. Never cached. */
export async function errorPage(
  c: Context<AppEnv>,
  status: 400 | 404 | 405,
  message: string,
  known?: PageContext,
  headers: Record<string, string> = {},
): Promise<Response> {
  const ctx = known ?? lenientContext(c);
  const title = ctx.t(
    status === 404 ? "error.notFound" : status === 405 ? "error.methodNotAllowed" : "error.badRequest",
  );
  const body = (
    <>
      <h1>{title}</h1>
      <p data-testid="error">{message}</p>
      <ul class="plain">
        <li>
          <a href={ctx.href("/")}>{ctx.t("error.back")}</a>
        </li>
        <li>
          <a href={ctx.href("/schemes")}>{ctx.t("nav.schemes")}</a>
        </li>
        <li>
          <a href={ctx.href("/matrix")}>{ctx.t("nav.matrix")}</a>
        </li>
      </ul>
    </>
  );
  return c.body(await renderDocument(ctx, { title, body }), status, {
    "Content-Type": HTML,
    "Cache-Control": "no-store",
    "Content-Language": ctx.lang,
    ...headers,
  });
}

/** A context for an error page about the query itself: the bad parameters are dropped so that the page renders. */
export function lenientContext(c: Context<AppEnv>): PageContext {
  const url = new URL(c.req.url);
  const lang = url.searchParams.get("lang");
  return pageContext(c, new URL(url.pathname + (lang ? `?lang=${encodeURIComponent(lang)}` : ""), url));
}
