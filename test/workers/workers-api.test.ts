import { describe, expect, it } from "vitest";
import { catalogApiSuite } from "../api/api-suite.ts";
import { credentialApiSuite } from "../api/credential-suite.ts";
import { fetchWorker } from "./worker-fetch.ts";

// The same contract as the Node run, served by src/worker.ts inside workerd.
catalogApiSuite("Workers (workerd)", fetchWorker);
// Issued and verified inside workerd, signed with the key the Worker holds as a secret.
credentialApiSuite("Workers (workerd)", fetchWorker);

describe("Workers entry", () => {
  it("answers record routes with a 503 problem naming the origin when none is configured", async () => {
    const response = await fetchWorker("/v1/records/jc-star/X");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { detail: string }).detail).toContain("origin");
  });

  it("answers webhook subscription routes with a 503 problem naming the origin (deliveries run there)", async () => {
    const response = await fetchWorker("/v1/subscriptions");
    expect(response.status).toBe(503);
    expect(((await response.json()) as { detail: string }).detail).toContain("origin");
  });

  it("/readyz names its components without pointing at settings the Worker does not have", async () => {
    const text = await (await fetchWorker("/readyz")).text();
    expect(text).not.toContain("REDIS_URL");
    const ready = JSON.parse(text) as { components: { name: string; status: string }[] };
    expect(ready.components).toContainEqual(expect.objectContaining({ name: "record-store", status: "disabled" }));
  });

  it("reports the workers runtime and serves the docs assets and the stylesheet as static assets", async () => {
    const health = (await (await fetchWorker("/healthz")).json()) as { runtime: string };
    expect(health.runtime).toBe("workers");
    const css = await fetchWorker("/docs/assets/swagger-ui.css");
    expect(css.status).toBe(200);
    expect((await css.text()).length).toBeGreaterThan(10_000);
    const style = await fetchWorker("/assets/style.css", { headers: { Accept: "text/css" } });
    expect(style.status).toBe(200);
    expect(style.headers.get("content-type")).toContain("text/css");
    // The site's own stylesheet (its custom properties are inlined by the build): the verdict chip's rule.
    expect(await style.text()).toContain(".chip{");
  });

  it("renders the web pages, in both languages, with HTML errors", async () => {
    const html = { Accept: "text/html" };
    const label = await fetchWorker("/labels/jc-star/STAR-1", { headers: html });
    expect(label.status).toBe(200);
    expect(label.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const body = await label.text();
    expect(body.slice(body.indexOf('data-scheme="uk-psti"'))).toContain('class="chip v-recognized"');
    const ja = await fetchWorker("/matrix", { headers: { ...html, "Accept-Language": "ja" } });
    expect(await ja.text()).toContain('<html lang="ja">');
    const missing = await fetchWorker("/schemes/xx", { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('href="/"');
    const post = await fetchWorker("/labels/jc-star/STAR-1", { method: "POST", headers: html });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect(post.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await post.text()).toContain('data-testid="error"');
  });
});
