import type { Child, FC } from "hono/jsx";
import assetVersions from "../../generated/asset-versions.js";
import { FAVICON_PATHS, FAVICON_TYPE } from "./favicon.ts";
import { type PageContext, switchLangHref } from "./page-context.ts";

export const STYLESHEET_PATH = "/assets/style.css";

/** The frame of every page: skip link, site navigation, the language toggle (same page, other language), footer. */
export const Layout: FC<{ ctx: PageContext; title: string; children?: Child }> = ({ ctx, title, children }) => {
  const { t } = ctx;
  const other = ctx.lang === "en" ? "ja" : "en";
  return (
    <html lang={ctx.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t("site.name")}`}</title>
        {/* Every page says what it is for search results and link previews: its title, then what the site answers. */}
        <meta name="description" content={`${title} — ${t("site.description")}`} />
        <link rel="icon" href={FAVICON_PATHS[0]} type={FAVICON_TYPE} />
        <link rel="stylesheet" href={`${STYLESHEET_PATH}?v=${assetVersions["style.css"]}`} />
      </head>
      <body>
        <a class="skip" href="#main">
          {t("skip")}
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href={ctx.href("/")}>
              {t("site.name")}
            </a>
            <nav aria-label={t("nav.main")}>
              <ul>
                <li>
                  <a href={ctx.href("/matrix")}>{t("nav.matrix")}</a>
                </li>
                <li>
                  <a href={ctx.href("/schemes")}>{t("nav.schemes")}</a>
                </li>
                <li>
                  <a href={ctx.href("/arrangements")}>{t("nav.arrangements")}</a>
                </li>
                <li>
                  <a href={ctx.href("/about")}>{t("nav.about")}</a>
                </li>
                <li>
                  <a href="/docs">{t("nav.api")}</a>
                </li>
              </ul>
            </nav>
            <a
              class="lang"
              href={switchLangHref(ctx.url, other)}
              hreflang={other}
              lang={other}
              aria-label={t("lang.switchLabel")}
              data-testid="lang-toggle"
            >
              {t("lang.switch")}
            </a>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer>
          {t("site.tagline")} ·{" "}
          <a href={ctx.href("/about")}>{t("about.digest", { digest: ctx.catalog.digest.slice(0, 12) })}</a>
        </footer>
      </body>
    </html>
  );
};
