import { Hono } from "hono";
import { problemResponse } from "../../lib/problem.ts";
import { routeFacts } from "../../lib/route-facts.ts";
import type { AppEnv } from "../../lib/types.ts";
import { FAVICON_PATHS, FAVICON_TYPE } from "../../web/favicon.ts";

const assetTypes: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

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
export const docsRouter = new Hono<AppEnv>().get("/docs", routeFacts({ produces: ["text/html"] }), (c) => c.html(page));
// One route per asset, each with its media type: the table above is the one list of them.
for (const [name, type] of Object.entries(assetTypes)) {
  docsRouter.get(`/docs/assets/${name}`, routeFacts({ produces: [type.split(";")[0] as string] }), (c) => {
    const body = c.var.deps.docsAssets?.[name];
    if (!body) return problemResponse(c, 404, `no docs asset "${name}"`);
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
