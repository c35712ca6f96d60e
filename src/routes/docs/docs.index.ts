import { Hono } from "hono";
import { problemResponse } from "../../lib/problem.ts";
import type { AppEnv } from "../../lib/types.ts";
import { FAVICON_PATHS, FAVICON_TYPE } from "../../web/favicon.ts";

const assetTypes: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/** The media type each docs path serves, for content negotiation; everything else in the API is JSON. */
export function docsMediaType(path: string): string | undefined {
  if (path === "/docs" || path === "/docs/") return "text/html";
  const name = path.startsWith("/docs/assets/") ? path.slice("/docs/assets/".length) : undefined;
  return name ? assetTypes[name]?.split(";")[0] : undefined;
}

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Kakehashi API</title>
  <meta name="description" content="Kakehashi API reference: the OpenAPI document of IoT security label equivalence, translation, records and exports, to try in the browser.">
  <link rel="icon" href="${FAVICON_PATHS[0]}" type="${FAVICON_TYPE}">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", deepLinking: true });
  </script>
</body>
</html>`;

/**
 * Interactive API docs that work offline: Swagger UI's assets are bundled into the app at build time (they are
 * served from here, never from a CDN), so a regulator on an isolated network still gets a working page.
 */
export const docsRouter = new Hono<AppEnv>()
  .get("/docs", (c) => c.html(page))
  .get("/docs/assets/:name", (c) => {
    const name = c.req.param("name");
    const body = c.var.deps.docsAssets?.[name];
    const type = assetTypes[name];
    if (!body || !type) return problemResponse(c, 404, `no docs asset "${name}"`);
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
