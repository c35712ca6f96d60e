import { Hono } from "hono";
import { routeFacts } from "../lib/route-facts.ts";
import type { AppEnv } from "../lib/types.ts";
import { FAVICON_PATHS, FAVICON_SVG, FAVICON_TYPE } from "./favicon.ts";
import { STYLESHEET_PATH } from "./layout.tsx";
import { pageContext } from "./page-context.ts";
import { aboutPage } from "./pages/about.tsx";
import { arrangementsPage } from "./pages/arrangements.tsx";
import { comparePage } from "./pages/compare.tsx";
import { homePage } from "./pages/home.tsx";
import { labelPage } from "./pages/label.tsx";
import { matrixPage } from "./pages/matrix.tsx";
import { requirementPage, schemePage, schemesPage } from "./pages/schemes.tsx";
import { errorPage, lenientContext, servePage } from "./render.tsx";
import { verifyRouter } from "./verify.index.ts";

/** A page of the web view: HTML, a pure function of (catalog, day, URL, language) — so memoised — and a page's errors. */
const page = routeFacts({ produces: ["text/html"], memo: "page", page: true });

/**
 * The server-rendered web view: hono/jsx pages, no client script, every page a pure function of (catalog, date,
 * URL, language). Bad input is an HTML page (404 with links back, 400 naming the field).
 */
export const webRouter = new Hono<AppEnv>()
  .route("/", verifyRouter)
  .get("/", page, (c) => servePage(c, homePage))
  // The home form's target: without JavaScript a form cannot build a path, so this redirects to the label page.
  .get("/labels", routeFacts({ produces: ["text/html"], page: true }), (c) => {
    const url = new URL(c.req.url);
    const [scheme = "", level = ""] = (url.searchParams.get("label") ?? "").split("/");
    if (!scheme || !level) {
      const ctx = pageContext(c, new URL(url.pathname, url));
      return errorPage(c, 400, ctx.t("error.badField", { field: "label", detail: "scheme/level" }), ctx);
    }
    const params = new URLSearchParams();
    for (const name of ["asOf", "category", "lang"]) {
      const value = url.searchParams.get(name);
      if (value) params.set(name, value);
    }
    const query = params.toString();
    return c.redirect(
      `/labels/${encodeURIComponent(scheme)}/${encodeURIComponent(level)}${query ? `?${query}` : ""}`,
      303,
    );
  })
  .get("/labels/:scheme/:level", page, (c) =>
    servePage(c, (ctx) => labelPage(ctx, c.req.param("scheme"), c.req.param("level"))),
  )
  .get("/compare/:fromScheme/:fromLevel/:toScheme", page, (c) =>
    servePage(c, (ctx) =>
      comparePage(ctx, c.req.param("fromScheme"), c.req.param("fromLevel"), c.req.param("toScheme")),
    ),
  )
  .get("/compare/:fromScheme/:fromLevel/:toScheme/:toLevel", page, (c) =>
    servePage(c, (ctx) =>
      comparePage(
        ctx,
        c.req.param("fromScheme"),
        c.req.param("fromLevel"),
        c.req.param("toScheme"),
        c.req.param("toLevel"),
      ),
    ),
  )
  .get("/matrix", page, (c) => servePage(c, matrixPage))
  .get("/schemes", page, (c) => servePage(c, schemesPage))
  .get("/schemes/:id", page, (c) => servePage(c, (ctx) => schemePage(ctx, c.req.param("id"))))
  .get("/schemes/:id/requirements/:requirementId", page, (c) =>
    servePage(c, (ctx) => requirementPage(ctx, c.req.param("id"), c.req.param("requirementId"))),
  )
  .get("/arrangements", page, (c) => servePage(c, arrangementsPage))
  .get("/about", page, (c) => servePage(c, aboutPage))
  // The icon is a constant of the code, so both runtimes answer it (a day's cache: it may change with a release).
  .on(["GET", "HEAD"], [...FAVICON_PATHS], routeFacts({ produces: [FAVICON_TYPE] }), (c) =>
    c.body(FAVICON_SVG, 200, {
      "Content-Type": `${FAVICON_TYPE}; charset=utf-8`,
      "Cache-Control": "public, max-age=86400",
    }),
  )
  // On Node the stylesheet comes from memory; on Workers the static-assets layer answers before the script runs.
  .get(STYLESHEET_PATH, routeFacts({ produces: ["text/css"] }), (c) => {
    const css = c.var.deps.docsAssets?.["style.css"];
    if (!css) return c.notFound();
    return c.body(css, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    });
  });

/** The HTML 404 for a path no route serves, in the reader's language. */
export function pageNotFound(c: Parameters<typeof errorPage>[0]) {
  const ctx = lenientContext(c);
  return errorPage(c, 404, ctx.t("error.notFoundText", { path: ctx.url.pathname }), ctx);
}
