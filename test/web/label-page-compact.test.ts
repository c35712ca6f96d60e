import { describe, expect, it } from "vitest";
import docsAssets from "../../generated/docs-assets.js";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * The label page's compact sections (src/web/pages/equivalence-parts.tsx, `Compact`): lighter than the compare page,
 * but still every requirement title of the levels that matter (up to 12 rows; a longer level is listed by state, ids
 * linked), the five states, and a link to whatever it leaves out.
 */
const { app } = createTestApp({ docsAssets });
const page = async (path: string) => (await app.request(path, { headers: { Accept: "text/html" } })).text();
const answer = async (query: string) =>
  (await (
    await app.request(`/v1/equivalence?${query}`, { headers: { Accept: "application/json" } })
  ).json()) as EquivalenceAnswer;
const section = (body: string, scheme: string) => {
  const start = body.indexOf(`data-scheme="${scheme}"`);
  return body.slice(start, body.indexOf("</section>", start));
};

describe("compact label page sections", () => {
  it("shows the full table for the levels a rule recognises, counts and a link to the full table for the others", async () => {
    const body = await page("/labels/jc-star/STAR-1");
    let summedUp = 0;
    let longLevels = 0;
    for (const target of ["sg-cls", "uk-psti", "eu-cra", "us-ctm"]) {
      const json = await answer(`from=jc-star%3ASTAR-1&to=${target}`);
      const html = section(body, target);
      const featured = new Set(json.legal.rules.map((r) => r.toLevel));
      if (json.coverage.bestCoveredLevel) featured.add(json.coverage.bestCoveredLevel);
      for (const level of json.coverage.levels) {
        const rows = [...level.covered, ...level.partial, ...level.undetermined, ...level.missing, ...level.noMapping];
        const fullTable = `href="/compare/jc-star/STAR-1/${target}/${level.level}"`;
        const titles = () => {
          if (rows.length > 12) {
            // A long level: every requirement linked by id under its state, and the full table one click away.
            for (const row of rows)
              expect(html, `${target} ${row.requirement}`).toContain(`/requirements/${row.requirement}"`);
            // (a level sharing its rows with another links to the first of them)
            expect(html).toContain(`href="/compare/jc-star/STAR-1/${target}/`);
            longLevels++;
            return;
          }
          for (const row of rows) if (row.title) expect(html, `${target} ${row.requirement}`).toContain(row.title);
        };
        if (featured.has(level.level)) titles();
        else if (html.includes(fullTable)) {
          // Summed up: every missing requirement by id in the level's own line, the rest behind the link.
          const at = html.indexOf(fullTable);
          const line = html.slice(html.lastIndexOf("<p", at), html.indexOf("</p>", at));
          for (const row of level.missing) expect(line, level.level).toContain(`/requirements/${row.requirement}"`);
          summedUp++;
        } else titles(); // sharing a table with a featured level
      }
    }
    expect(summedUp).toBeGreaterThan(0);
    expect(longLevels).toBeGreaterThan(0);
    // Singapore's levels differ: ★ is recognised (in a table), the others link to their full tables.
    const sg = section(body, "sg-cls");
    expect(sg).toContain("<table");
    expect(sg).toContain('href="/compare/jc-star/STAR-1/sg-cls/L4"');
  });

  it("does not repeat in the legal basis the titles its table shows, and prints a shared statement once", async () => {
    const body = await page("/labels/sg-cls/L4?category=router&lang=ja");
    const jc = section(body, "jc-star");
    const legal = jc.slice(0, jc.indexOf('class="bystate"'));
    expect(legal).toContain("引き続き満たす必要がある要求事項");
    expect(legal).toContain("要求事項 16 件すべて");
    expect(legal).not.toContain("共通でないデフォルトパスワード"); // S1.1-02's title: on the compare page, not here
    // ★1's 16 requirements are listed by state below, S1.1-02 among them, and the full table with titles is linked.
    const byState = jc.slice(jc.indexOf('class="bystate"'));
    expect(byState).toContain("/requirements/S1.1-02");
    expect(byState).toContain('href="/compare/sg-cls/L4/jc-star/');
    const statements = body.split('class="statement"').length - 1;
    const links = body.match(/href="#s-[\w-]+"/g) ?? [];
    expect(statements).toBeGreaterThan(0);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(body).toContain(`id="${link.slice(7, -1)}"`);
  });

  it("keeps the derived paths and the source requirements on the compare page", async () => {
    const compare = await page("/compare/jc-star/STAR-1/eu-cra");
    const label = section(await page("/labels/jc-star/STAR-1"), "eu-cra");
    expect(compare).toContain("derived through");
    expect(compare).toContain("Met by");
    expect(label).not.toContain("derived through");
    expect(label).toContain('href="/compare/jc-star/STAR-1/eu-cra"');
  });
});
