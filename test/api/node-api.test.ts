import { describe, expect, it } from "vitest";
import catalogBundle from "../../generated/catalog.js";
import { createApp } from "../../src/app.ts";
import { AnswerCache } from "../../src/cache/answer-cache.ts";
import { CatalogIndex } from "../../src/catalog/catalog-index.ts";
import { ArrangementList } from "../../src/contracts/api.ts";
import { withCheckedRequests } from "../helpers/checked-fetch.ts";
import { createTestApp, fixedClock, recordingLogger } from "../helpers/test-app.ts";
import { catalogApiSuite, expectBody, expectProblem } from "./api-suite.ts";

const { app } = createTestApp();
catalogApiSuite("Node", async (path, init) => app.request(path, init));

describe("catalog API, Node-only behaviour", () => {
  it("writes one structured log line per request with id, route, status and duration", async () => {
    const { app, logger } = createTestApp();
    const response = await app.request("/v1/schemes/jc-star", { headers: { "X-Request-Id": "req-123" } });
    expect(response.headers.get("x-request-id")).toBe("req-123");
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.fields).toMatchObject({
      requestId: "req-123",
      method: "GET",
      route: "/v1/schemes/:schemeId",
      status: 200,
    });
    expect(typeof logger.lines[0]?.fields.durationMs).toBe("number");
  });

  it("replaces an ill-formed incoming request id instead of logging it", async () => {
    const { app, logger } = createTestApp();
    await app.request("/healthz", { headers: { "X-Request-Id": "bad id <script>" } });
    expect(logger.lines[0]?.fields.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("defaults asOf to today and keys the ETag on it, so tomorrow's answer is not served from today's cache", async () => {
    const today = createTestApp({ today: "2025-12-03" }).app;
    const tomorrow = createTestApp({ today: "2025-12-04" }).app;
    const a = await today.request("/v1/arrangements?scheme=uk-psti");
    const b = await tomorrow.request("/v1/arrangements?scheme=uk-psti");
    expect((await expectBody(a, ArrangementList)).asOf).toBe("2025-12-03");
    const later = await expectBody(b, ArrangementList);
    expect(later.arrangements.some((x) => x.id === "uk-si-2025-1267")).toBe(true);
    expect(a.headers.get("etag")).not.toBe(b.headers.get("etag"));
  });

  it("memoizes catalog answers per URL and day, and never memoizes an error", async () => {
    let today = "2025-12-03";
    const logger = recordingLogger();
    const app = withCheckedRequests(
      createApp({
        catalog: new CatalogIndex(catalogBundle),
        answers: AnswerCache.inMemory(logger),
        logger,
        clock: { today: () => today, now: Date.now },
        runtime: "test",
      }),
    );
    const url = "/v1/arrangements?scheme=uk-psti";
    expect((await app.request(url)).headers.get("x-cache")).toBe("miss");
    const repeat = await app.request(url);
    expect(repeat.headers.get("x-cache")).toBe("hit");
    expect((await expectBody(repeat, ArrangementList)).asOf).toBe("2025-12-03");
    today = "2025-12-04";
    const nextDay = await app.request(url);
    expect(nextDay.headers.get("x-cache")).toBe("miss");
    expect((await expectBody(nextDay, ArrangementList)).arrangements.some((a) => a.id === "uk-si-2025-1267")).toBe(
      true,
    );
    for (let i = 0; i < 2; i++) {
      const missing = await app.request("/v1/schemes/nope");
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-cache")).toBeNull();
    }
    expect(logger.lines.filter((l) => l.fields.cache === "hit")).toHaveLength(1);
  });

  it("serves the docs page and its assets from the app, with no CDN", async () => {
    const { app } = createTestApp({
      docsAssets: { "swagger-ui.css": "/* css */", "swagger-ui-bundle.js": "/* js */" },
    });
    const page = await app.request("/docs", { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/docs/assets/swagger-ui-bundle.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await app.request("/docs/assets/swagger-ui-bundle.js");
    expect(js.headers.get("content-type")).toContain("text/javascript");
    expect(await js.text()).toBe("/* js */");
    await expectProblem(await app.request("/docs/assets/evil.js"), 404);
  });

  it("the 2,048-character URL limit counts the path and query, not the host name", async () => {
    const { app } = createTestApp();
    const host = `http://${"h".repeat(200)}.example`;
    const target = (length: number) => `/v1/schemes/${"a".repeat(length - "/v1/schemes/".length)}`;
    // Within the limit: the route's own answer (a scheme id that long is not well-formed), not 414.
    await expectProblem(await app.request(`${host}${target(2048)}`), 400);
    await expectProblem(await app.request(`${host}${target(2000)}?x=${"b".repeat(45)}`), 400);
    await expectProblem(await app.request(`${host}${target(2049)}`), 414);
  });

  it("hides unexpected failures behind a generic 500 problem and logs them", async () => {
    const logger = recordingLogger();
    class BrokenIndex extends CatalogIndex {
      override requirement(): never {
        throw new Error("index corrupted at /secret/path.ts:12");
      }
    }
    const app = withCheckedRequests(
      createApp({
        catalog: new BrokenIndex(catalogBundle),
        answers: AnswerCache.inMemory(logger),
        logger,
        clock: fixedClock("2026-01-01"),
        runtime: "test",
      }),
    );
    const problem = await expectProblem(await app.request("/v1/schemes/jc-star/requirements/S1.1-01"), 500);
    expect(problem.detail).not.toContain("secret");
    const logged = logger.lines.find((line) => line.level === "error");
    expect(JSON.stringify(logged?.fields)).toContain("index corrupted");
  });
});
