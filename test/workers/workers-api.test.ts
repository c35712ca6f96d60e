import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { catalogApiSuite } from "../api/api-suite.ts";

// The same contract as the Node run, served by src/worker.ts inside workerd.
catalogApiSuite("Workers (workerd)", (path, init) => SELF.fetch(`https://kakehashi.test${path}`, init));

describe("Workers entry", () => {
  it("answers record routes with a 503 problem naming the origin when none is configured", async () => {
    const response = await SELF.fetch("https://kakehashi.test/v1/records/jc-star/X");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { detail: string }).detail).toContain("origin");
  });

  it("/readyz names its components without pointing at settings the Worker does not have", async () => {
    const text = await (await SELF.fetch("https://kakehashi.test/readyz")).text();
    expect(text).not.toContain("REDIS_URL");
    const ready = JSON.parse(text) as { components: { name: string; status: string }[] };
    expect(ready.components).toContainEqual(expect.objectContaining({ name: "record-store", status: "disabled" }));
  });

  it("reports the workers runtime and serves the bundled docs assets", async () => {
    const health = (await (await SELF.fetch("https://kakehashi.test/healthz")).json()) as { runtime: string };
    expect(health.runtime).toBe("workers");
    const css = await SELF.fetch("https://kakehashi.test/docs/assets/swagger-ui.css");
    expect(css.status).toBe(200);
    expect((await css.text()).length).toBeGreaterThan(10_000);
  });
});
