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

  it("reports the workers runtime and serves the bundled docs assets", async () => {
    const health = (await (await fetchWorker("/healthz")).json()) as { runtime: string };
    expect(health.runtime).toBe("workers");
    const css = await fetchWorker("/docs/assets/swagger-ui.css");
    expect(css.status).toBe(200);
    expect((await css.text()).length).toBeGreaterThan(10_000);
  });
});
