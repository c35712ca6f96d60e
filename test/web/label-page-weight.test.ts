import { describe, expect, it } from "vitest";
import docsAssets from "../../generated/docs-assets.js";
import { allLabelPages } from "../helpers/label-pages.ts";
import { createTestApp } from "../helpers/test-app.ts";

/**
 * The budget — a page weighs at most 60 KB of HTML + CSS, uncompressed — on EVERY label page, not only the
 * main ones: each scheme × level, without a category and with each category, in English and Japanese (3 bytes a
 * character in UTF-8), today and on a date after the CRA applies in full. Rendered through `app.request`, no browser,
 * so the walk stays quick.
 */
const BUDGET = 60 * 1024;
const { app } = createTestApp({ docsAssets });
const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

describe("label page weight", () => {
  it("every label page, both languages, two dates, weighs at most 60 KB of HTML + minified CSS", async () => {
    const css = bytes(docsAssets["style.css"] ?? "");
    const paths = allLabelPages();
    expect(paths.length).toBeGreaterThan(100); // the catalog's schemes, levels and categories, not a handful
    const over: string[] = [];
    let heaviest = { weight: 0, url: "" };
    for (const path of paths) {
      // Today (the test clock) and a date after the CRA applies in full, when more rules are in force.
      for (const [lang, asOf] of [
        ["en", ""],
        ["ja", ""],
        ["en", "&asOf=2028-01-01"],
        ["ja", "&asOf=2028-01-01"],
      ]) {
        const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}${asOf}`;
        // `no-cache`: rendered as on a first visit, but not kept in the app's page memo, which would copy and encode
        // each of the 2,016 pages again for a visit that never comes. The weight is the body's UTF-8 bytes as sent,
        // counted without decoding them to a string and encoding it again.
        const response = await app.request(url, { headers: { Accept: "text/html", "Cache-Control": "no-cache" } });
        expect(response.status, url).toBe(200);
        const weight = (await response.arrayBuffer()).byteLength + css;
        if (weight > heaviest.weight) heaviest = { weight, url };
        if (weight > BUDGET) over.push(`${url}: ${weight} bytes`);
      }
    }
    const report = `${over.length} over budget, heaviest ${heaviest.url} (${heaviest.weight} bytes): ${over.slice(0, 10).join("; ")}`;
    expect(over.length, report).toBe(0);
    // A stall guard, not a measure: the 2,016 pages took 106–150 s at load 7–10 on two cores, and timed out at 120 s.
  }, 300_000);
});
