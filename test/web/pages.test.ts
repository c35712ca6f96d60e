import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import docsAssets from "../../generated/docs-assets.js";
import type { EquivalenceAnswer } from "../../src/contracts/equivalence.ts";
import type { AccessStatus, MarketAccessAnswer } from "../../src/contracts/market-access-answer.ts";
import { en } from "../../src/i18n/en.ts";
import { ja } from "../../src/i18n/ja.ts";
import { mainPages } from "../helpers/main-pages.ts";
import { createTestApp } from "../helpers/test-app.ts";

const { app } = createTestApp({ docsAssets });
const html = { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
const escapeHtml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("'", "&#39;").replaceAll('"', "&quot;");
const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { ...html, ...headers } });

describe("web pages", () => {
  it.each(mainPages)("%s renders in English and Japanese within 60 KB of HTML + CSS", async (path) => {
    const css = docsAssets["style.css"] ?? "";
    for (const lang of ["en", "ja"]) {
      const response = await get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const body = await response.text();
      expect(body).toMatch(new RegExp(`^<!doctype html><html lang="${lang}">`));
      expect(body).not.toMatch(/\{\w+\}/); // no unfilled message placeholder
      const weight = new TextEncoder().encode(body).byteLength + new TextEncoder().encode(css).byteLength;
      expect(weight, `${path} ${lang}`).toBeLessThanOrEqual(60 * 1024);
    }
  });

  it("shows the label page: UK section recognised with its instrument, the coverage states, the level status", async () => {
    const body = await (await get("/labels/jc-star/STAR-1")).text();
    const uk = body.slice(body.indexOf('data-scheme="uk-psti"'));
    expect(uk).toContain('class="chip v-recognized"');
    expect(uk).toContain("SI 2025/1267");
    expect(body).toContain("labels can be issued");
    const us = body.slice(body.indexOf('data-scheme="us-ctm"'));
    expect(us).toContain('class="chip s-noMapping"');
    // While four STAR-1 texts are unknown, nothing of the US mark is claimed missing: it is undetermined.
    expect(us).toContain('class="chip s-undetermined"');
    expect(us.slice(0, us.indexOf("</details>"))).not.toContain('class="chip s-missing"');
    // What is left is grouped by the work it takes, linking to the compare page's list.
    expect(us).toContain(en["todo.short.technical-change"]);
    expect(us).toContain("#still-to-do");
    const star3 = await (await get("/labels/jc-star/STAR-3")).text();
    expect(star3).toContain("criteria in draft — cannot be obtained yet");
  });

  it("lists on the compare page what is still to do, by kind of work, with each requirement's hub provisions", async () => {
    const query = "from=jc-star:STAR-1&to=us-ctm&asOf=2026-07-01";
    const api = (await (await app.request(`/v1/equivalence?${query}`)).json()) as EquivalenceAnswer;
    const level = api.coverage.levels[0];
    if (!level) throw new Error("no level");
    for (const [lang, messages] of [
      ["en", en],
      ["ja", ja],
    ] as const) {
      const body = await (await get(`/compare/jc-star/STAR-1/us-ctm?asOf=2026-07-01&lang=${lang}`)).text();
      const todo = body.slice(body.indexOf('id="still-to-do"'));
      expect(todo.length).toBeGreaterThan(100);
      // Every requirement not covered is listed once, under the heading of its kind of work.
      const left = [...level.partial, ...level.undetermined, ...level.missing, ...level.noMapping];
      for (const item of left) {
        const heading = `<h4>${escapeHtml(messages[`todo.${item.work ?? "unclassified"}`])}</h4>`;
        const group = todo.slice(todo.indexOf(heading)).split("</ul>")[0] ?? "";
        expect(todo.indexOf(heading), heading).toBeGreaterThan(0);
        const link = new RegExp(`/requirements/${encodeURIComponent(item.requirement).replaceAll(".", "\\.")}["?]`);
        expect(group, item.requirement).toMatch(link);
      }
      // The coverage table shows where the source level stands on the hub provisions, and chains' confidence.
      expect(body).toContain(escapeHtml(messages["provision.of"]));
      expect(body).toContain('class="chip s-undetermined"');
      expect(body).toContain('class="chip c-unconfirmed"');
    }
  });

  it("says where a label's product can be sold: the market-access answer of the API, in words, per market", async () => {
    const query = "label=jc-star%3ASTAR-1&category=router&asOf=2026-11-25";
    const api = await app.request(`/v1/market-access?${query}`, { headers: { Accept: "application/json" } });
    const answer = (await api.json()) as MarketAccessAnswer;
    const body = await (await get("/labels/jc-star/STAR-1?category=router&asOf=2026-11-25")).text();
    const section = body.slice(body.indexOf('aria-labelledby="where"'), body.indexOf("data-scheme="));
    expect(section).toContain(`href="/v1/market-access?${escapeHtml(query)}"`);
    const markets = section.split('<details class="line market"').slice(1);
    expect(markets.map((m) => m.match(/data-market="(\w+)"/)?.[1])).toEqual(answer.markets.map((m) => m.market));
    for (const [i, market] of answer.markets.entries()) {
      const html = markets[i] ?? "";
      expect(html).toContain(`data-status="${market.status}"`);
      expect(html).toContain(`class="chip a-${market.status}"`);
      expect(html).toContain(en[`access.${market.status as AccessStatus}`]);
      for (const rule of market.rules) {
        const block = html.slice(html.indexOf(`data-rule="${rule.rule}"`));
        // What the rule asks is said once: on the market's line for the rule that decides it, else in its block.
        expect(html, rule.rule).toContain(en[`obligation.${rule.obligation}`]);
        expect(block, rule.rule).toContain(escapeHtml(rule.legalBasis));
        expect(block, rule.rule).toContain(escapeHtml(rule.nextSteps[0]?.en ?? ""));
      }
    }
    // Checked by hand in mappings/market-access/: Singapore's routers must meet CLS Level 1 (router-cls-l1, since
    // 2021-04-13), which a JC-STAR ★1 label eases through the Japan–Singapore MoC (a simplified application, from
    // 2026-06-01); the UK's PSTI regime (psti-consumer-connectable) counts a current ★1 label (SI 2025/1267).
    const sg = markets.find((m) => m.includes('data-market="SG"')) ?? "";
    expect(sg).toContain('data-rule="router-cls-l1"');
    expect(sg).toContain('data-status="simplified-procedure"');
    expect(sg).toContain("Easier route to the required label");
    const gb = markets.find((m) => m.includes('data-market="GB"')) ?? "";
    expect(gb).toContain('data-rule="psti-consumer-connectable"');
    expect(gb).toContain('data-status="recognized"');
    expect(gb).toContain("Counts as the required label");
    expect(gb).toContain('href="#t-uk-psti"'); // the route's conditions are listed once, in the UK section
    // In Japanese the next steps are Japanese.
    const jaBody = await (await get("/labels/jc-star/STAR-1?category=router&asOf=2026-11-25&lang=ja")).text();
    const sgRule = answer.markets.find((m) => m.market === "SG")?.rules[0];
    expect(sgRule?.nextSteps[0]?.ja).toMatch(/[\u3040-\u30ff]/);
    // The step quotes the instrument's English title, marked as English: compare the text without that mark.
    expect(jaBody.replace(/<span lang="en">([^<]*)<\/span>/g, "$1")).toContain(
      escapeHtml(sgRule?.nextSteps[0]?.ja ?? "?"),
    );
    // Without a category the page does not guess: it asks for one.
    const none = await (await get("/labels/jc-star/STAR-1?lang=ja")).text();
    expect(none).toContain(ja["market.heading"]);
    expect(none).not.toContain('class="line market"');
    expect(none).toContain("上で製品分類を選ぶと");
  });

  it("chooses the language by ?lang= first, then Accept-Language", async () => {
    expect(await (await get("/about", { "Accept-Language": "ja,en;q=0.5" })).text()).toContain('<html lang="ja">');
    expect(await (await get("/about?lang=en", { "Accept-Language": "ja" })).text()).toContain('<html lang="en">');
    const ja = await (await get("/labels/jc-star/STAR-1?lang=ja")).text();
    expect(ja).toContain('href="/labels/jc-star/STAR-1?lang=en"'); // the toggle keeps the page
    expect(ja).toContain('href="/matrix?lang=ja"'); // links keep the chosen language
  });

  it("names product categories in the page's language", async () => {
    const ja = await (await get("/labels/jc-star/STAR-1?lang=ja&category=network-camera&asOf=2026-11-25")).text();
    expect(ja).toContain('<option value="network-camera" selected="">ネットワークカメラ</option>');
    expect(ja).toContain("「ネットワークカメラ」について");
    expect(ja).toContain("製品分類: ネットワークカメラ");
    const en = await (await get("/labels/jc-star/STAR-1?lang=en&category=network-camera&asOf=2026-11-25")).text();
    expect(en).toContain('<option value="network-camera" selected="">Network camera</option>');
    expect(en).not.toContain("ネットワークカメラ");
  });

  it("shows Japanese requirement titles from the companion file: 原文 for IPA's wording, 参考訳 (linking to English) for ours", async () => {
    const ja = await (await get("/schemes/jc-star?lang=ja")).text();
    expect(ja).toContain('IoT製品の型番をユーザへ提供すること<small class="muted"> 原文</small>');
    // S1.1-15 has no Japanese source: our translation, marked, the English one click away.
    expect(ja).toContain('廃棄・譲渡前のユーザデータの削除 <a class="tr" href="?lang=en"');
    // On the English page, the English of a Japanese original is the reference translation, linking to the Japanese.
    const en = await (await get("/schemes/jc-star?lang=en")).text();
    expect(en).toContain('Model number provided to users <a class="tr" href="?lang=ja"');
    expect(en).not.toContain('User data can be deleted before disposal or transfer <a class="tr"');
  });

  it("writes a scheme's page in the page's language: summary, owner, assessor and level texts, and no enum values", async () => {
    const ja = await (await get("/schemes/us-ctm?lang=ja")).text();
    expect(ja).toContain("<h1>U.S. Cyber Trust Mark(FCC の IoT 製品向けサイバーセキュリティラベリング制度)</h1>");
    expect(ja).toContain("<dd>連邦通信委員会(FCC)</dd>");
    expect(ja).toContain("<dd>アメリカ合衆国</dd>");
    expect(ja).toContain("<dd>ラベリング制度</dd>");
    expect(ja).toContain("評価: 第三者評価 —");
    expect(ja).toContain("無線通信を行う消費者向け IoT 製品(意図的放射機器)を対象とする FCC の任意のラベリング制度");
    expect(ja).toContain("<td>必須</td>");
    expect(ja).not.toContain("Voluntary FCC labelling programme");
    // The data's enum values and source keys are the API's words, not a reader's.
    for (const raw of [
      ">label-scheme<",
      ">foreign<",
      "third-party-evaluation",
      ">mandatory<",
      "— in-force",
      "<li>NIST-DESC: ",
    ]) {
      expect(ja, raw).not.toContain(raw);
    }
    const en = await (await get("/schemes/us-ctm?lang=en")).text();
    expect(en).toContain("<dd>label scheme</dd>");
    expect(en).toContain("<dd>United States</dd>");
    expect(en).toContain("Assessment: third-party evaluation —");
    expect(en).toContain("<td>mandatory</td>");
    expect(en).toContain("Voluntary FCC labelling programme");
  });

  it("gives a rule's fee note in the page's language: the companion file's Japanese, marked 参考訳", async () => {
    const ja = await (await get("/compare/uk-psti/compliant/jc-star/STAR-1?lang=ja")).text();
    expect(ja).toContain(
      '140,000 JPY — PSTI法経路の ★1 申請手数料(税込)(通常の ★1 申請手数料は 198,000 円) <a class="tr" href="?lang=en"',
    );
    expect(ja).not.toContain("PSTI-route STAR-1 application fee");
    const en = await (await get("/compare/uk-psti/compliant/jc-star/STAR-1?lang=en")).text();
    expect(en).toContain(
      "140,000 JPY — PSTI-route STAR-1 application fee, tax included (standard STAR-1 fee ¥198,000)",
    );
  });

  it("answers bad input with HTML pages: 404 with links back, 400 naming the field", async () => {
    for (const path of ["/labels/xx/STAR-1", "/labels/jc-star/STAR-9", "/schemes/xx", "/nowhere"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(await response.text()).toContain('href="/"');
    }
    const bad = await get("/labels/jc-star/STAR-1?asOf=2026-02-30");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("asOf");
    const category = await get("/matrix?category=toaster");
    expect(category.status).toBe(400);
    expect(await category.text()).toContain("category");
    // The API keeps problem+json.
    const api = await get("/v1/schemes/xx");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    const unknownJson = await app.request("/nowhere", { headers: { Accept: "application/json" } });
    expect(unknownJson.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers an unsupported method on a page path with an HTML 405 and Allow; the API keeps problem+json", async () => {
    for (const [method, path] of [
      ["POST", "/"],
      ["POST", "/labels/jc-star/STAR-1"],
      ["PUT", "/matrix?lang=ja"],
      ["DELETE", "/schemes/jc-star"],
    ] as const) {
      const response = await app.request(path, { method, headers: html });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow"), path).toBe("GET, HEAD");
      expect(response.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      const body = await response.text();
      expect(body).toMatch(new RegExp(`<p data-testid="error">[^<]*${method}`)); // names the method refused
      expect(body).toContain(path.endsWith("ja") ? ja["error.methodNotAllowed"] : en["error.methodNotAllowed"]);
    }
    const api = await app.request("/v1/schemes", { method: "POST", headers: html });
    expect(api.status).toBe(405);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers 405, not 406, to an unsupported method from a client that accepts only JSON: problem+json with Allow", async () => {
    // The method is the first thing wrong: it is judged before the negotiation (a page path serves only HTML).
    for (const [path, accept] of [
      ["/labels/jc-star/STAR-1", "application/json"],
      ["/matrix?lang=ja", "application/problem+json"],
    ] as const) {
      const response = await app.request(path, { method: "POST", headers: { Accept: accept } });
      expect(response.status, path).toBe(405);
      expect(response.headers.get("allow"), path).toBe("GET, HEAD");
      expect(response.headers.get("content-type"), path).toBe("application/problem+json");
      const problem = (await response.json()) as { status: number; detail: string };
      expect(problem.status).toBe(405);
      expect(problem.detail).toContain("POST");
    }
    // The API too: a method no route serves is 405 whatever the Accept; the right method keeps its 406.
    const csv = await app.request("/v1/schemes", { method: "DELETE", headers: { Accept: "text/csv" } });
    expect(csv.status).toBe(405);
    expect(csv.headers.get("allow")).toBe("GET, HEAD");
    expect((await app.request("/v1/schemes", { headers: { Accept: "text/csv" } })).status).toBe(406);
    expect((await get("/labels/jc-star/STAR-1", { Accept: "application/json" })).status).toBe(406);
  });

  it("redirects the home form to the label page, keeping date, category and language", async () => {
    const response = await get("/labels?label=jc-star%2FSTAR-1&asOf=2026-01-01&category=&lang=ja");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/labels/jc-star/STAR-1?asOf=2026-01-01&lang=ja");
  });

  it("serves strong ETags, 304 on a match, and the memo on repeats (per language)", async () => {
    const first = await get("/labels/jc-star/STAR-1");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get("vary")).toBe("Accept-Language");
    expect((await get("/labels/jc-star/STAR-1", { "If-None-Match": etag })).status).toBe(304);
    const again = await get("/labels/jc-star/STAR-1");
    expect(again.headers.get("x-cache")).toBe("hit");
    expect(await again.text()).toBe(await first.text());
    const ja = await get("/labels/jc-star/STAR-1", { "Accept-Language": "ja" });
    expect(ja.headers.get("etag")).not.toBe(etag);
    expect(await ja.text()).toContain('<html lang="ja">');
    const otherDay = await get("/labels/jc-star/STAR-1?asOf=2025-12-03");
    expect(otherDay.headers.get("etag")).not.toBe(etag);
  });

  it("serves the stylesheet from memory on Node", async () => {
    const css = await app.request("/assets/style.css", { headers: { Accept: "text/css,*/*;q=0.1" } });
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toBe(docsAssets["style.css"]);
  });

  it("shows announcements as expected, not yet in force, in both languages; past the expected date, says to check", async () => {
    for (const [lang, messages] of [
      ["en", en],
      ["ja", ja],
    ] as const) {
      const page = (asOf: string) =>
        Promise.resolve(get(`/labels/sg-cls/L1?category=router&asOf=${asOf}&lang=${lang}`)).then((r) => r.text());
      const sg = (body: string) => body.split('<div class="market"').find((m) => m.includes('data-market="SG"')) ?? "";
      const before = sg(await page("2027-12-31"));
      const announced = messages["market.announced"].split("{date}")[1]?.split("(")[0] ?? "";
      expect(announced.length).toBeGreaterThan(3);
      expect(before).toContain(announced);
      expect(before).not.toContain(messages["market.announcedOverdue"].split("{date}")[0]);
      const after = sg(await page("2028-01-01"));
      expect(after).toContain(messages["market.announcedOverdue"].split("{date}")[0]);
      expect(after).toContain("2027-12-31");
    }
  });

  it("says why a rule does not apply in the page's language: levels by name, not id", async () => {
    const ja = await (await get("/compare/jc-star/STAR-1/sg-cls/L2?lang=ja")).text();
    expect(ja).toContain(
      "<td>このルールが認めるのは IoT 向けサイバーセキュリティ・ラベリング制度 CLS(IoT) レベル 1(★) であり、レベル 2(★★) ではない</td>",
    );
    const en = await (await get("/compare/jc-star/STAR-1/sg-cls/L2?lang=en")).text();
    expect(en).toContain("<td>grants sg-cls L1, not L2</td>");
  });

  it("shows the arrangements in the page's language: titles glossed, summaries translated, status and kind in words", async () => {
    const ja = await (await get("/arrangements?lang=ja")).text();
    expect(ja).toContain(
      '<h2>サイバーセキュリティラベルの相互承認に関する CSA と Traficom の間の了解覚書<small>(参考訳)</small> <cite lang="en">Memorandum of Understanding between CSA and Traficom on the mutual recognition of cybersecurity labels</cite></h2>',
    );
    expect(ja).toContain("状況: 発効中 · 了解覚書");
    expect(ja).toContain("<p>シンガポール・サイバーセキュリティ・ウィーク 2021 において署名された。");
    expect(ja).not.toContain("Signed at Singapore International Cyber Week 2021.");
    const en = await (await get("/arrangements?lang=en")).text();
    expect(en).toContain("Status: in force · Memorandum of understanding");
  });

  it("says when an announced change is expected in the page's language (the market's companion file)", async () => {
    const ja = await (await get("/labels/jc-star/STAR-1?category=router&lang=ja")).text();
    expect(ja).toContain("2025-01-16 に発表: 見込み — 未施行(連邦調達規則の改正により 2027 年 1 月 4 日までに)");
    expect(ja).not.toContain("through changes to federal procurement rules");
    const en = await (await get("/labels/jc-star/STAR-1?category=router&lang=en")).text();
    expect(en).toContain("(by 4 January 2027, through changes to federal procurement rules)");
  });

  it.each(mainPages)("%s has a meta description in its language and links the icon", async (path) => {
    for (const [lang, messages] of [
      ["en", en],
      ["ja", ja],
    ] as const) {
      const body = await (await get(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`)).text();
      const head = body.slice(0, body.indexOf("</head>"));
      const title = head.match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
      const description = head.match(/<meta name="description" content="([^"]*)"/)?.[1] ?? "";
      expect({ path, lang, description: description.length > 50 }).toEqual({ path, lang, description: true });
      // The page's own title first (so each page's differs), then what the site answers, in the page's language.
      expect(description.startsWith(title.split(" — ")[0] ?? "")).toBe(true);
      expect(description).toContain(escapeHtml(messages["site.description"]).slice(0, 40));
      expect(head).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"');
    }
  });

  it("serves the icon the pages and the API docs link, and at /favicon.ico: no 404", async () => {
    const docs = await (await get("/docs")).text();
    expect(docs).toContain('<link rel="icon" href="/favicon.svg"');
    expect(docs).toMatch(/<meta name="description" content="[^"]{40,}">/);
    const browser = { Accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8" };
    for (const path of ["/favicon.svg", "/favicon.ico"]) {
      const icon = await app.request(path, { headers: browser });
      expect({ path, status: icon.status }).toEqual({ path, status: 200 });
      expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      const svg = await icon.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
      expect(svg.length).toBeLessThan(1024);
    }
  });

  it("gives every element id once on each label page of a scheme, in both languages", async () => {
    const scheme = catalogBundle.schemes.find((s) => s.id === "jc-star");
    if (!scheme) throw new Error("no scheme");
    const queries = ["", "asOf=2026-06-01", ...catalogBundle.categories.map((c) => `category=${c.id}`)];
    let pages = 0;
    for (const level of scheme.levels) {
      for (const query of queries) {
        for (const lang of ["en", "ja"]) {
          const path = `/labels/jc-star/${level.id}?${query ? `${query}&` : ""}lang=${lang}`;
          const body = await (await get(path)).text();
          const ids = [...body.matchAll(/<[a-z][a-z0-9]*\s[^>]*?\bid="([^"]*)"/g)].map((m) => m[1]);
          expect(ids.length).toBeGreaterThan(3);
          const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
          expect({ path, repeated }).toEqual({ path, repeated: [] });
          pages++;
        }
      }
    }
    expect(pages).toBeGreaterThan(8);
  }, 60_000);
});
