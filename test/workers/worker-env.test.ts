import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError } from "../../src/config-error.ts";
import { parseWorkerEnv } from "../../src/edge/worker-env.ts";
import worker from "../../src/worker.ts";

/**
 * The Worker's bindings and vars are parsed once, as Node's environment is (src/edge/worker-env.ts): a bad one is one
 * clear error naming it, not a request that half works. Run inside workerd, against the Worker's own fetch.
 */
const assets = { fetch: async () => new Response("not found", { status: 404 }) };
const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as Parameters<typeof worker.fetch>[2];

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * The Worker's configuration lines among what was logged. Other test files share this workerd runtime, so a count of
 * every console.error could include one of their background lines; the configuration's line says its component.
 */
function configurationLines(logged: { mock: { calls: unknown[][] } }): string[] {
  return logged.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"component":"worker-env"'));
}

describe("the Worker's environment", () => {
  it("is parsed into the settings the Worker reads; an empty var counts as unset", () => {
    const env = parseWorkerEnv({
      ASSETS: assets,
      ORIGIN_URL: "https://origin.example",
      ISSUER_DID: "",
      OTHER_BINDING: 1,
    });
    expect(env.ORIGIN_URL).toBe("https://origin.example");
    expect(env.ISSUER_DID).toBeUndefined();
    expect(env.ASSETS).toBe(assets);
  });

  it("names every bad binding and var in one error, and never a value", () => {
    const secret = "not a JWK but secret all the same";
    let error: unknown;
    try {
      parseWorkerEnv({
        ORIGIN_URL: "origin.example",
        ISSUER_DID: "did:web:Example.COM",
        CREDENTIAL_SIGNING_KEY: secret,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((line) => line.split(":")[0]).sort()).toEqual(["ASSETS", "ISSUER_DID", "ORIGIN_URL"]);
    expect(problems.join("\n")).not.toContain(secret);
  });

  it("a bad var makes every request a 503 problem and is logged once, naming it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const env = { ASSETS: assets, ORIGIN_URL: "not a url" };
    // A record path: before, `new URL(path, "not a url")` threw inside the forwarding, an unhandled error.
    for (const path of ["/v1/records/jc-star", "/healthz"]) {
      const response = await worker.fetch(new Request(`https://kakehashi.test${path}`), env, ctx);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await response.json()) as { status: number; detail: string };
      expect(problem.status).toBe(503);
      expect(problem.detail).toContain("misconfigured");
    }
    expect(configurationLines(logged)).toHaveLength(1);
    expect(configurationLines(logged)[0]).toContain("ORIGIN_URL");
  });

  it("a missing ASSETS binding is named as such, not reported as a catalog that could not load", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await worker.fetch(new Request("https://kakehashi.test/v1/schemes"), {}, ctx);
    expect(response.status).toBe(503);
    expect(configurationLines(logged)).toHaveLength(1);
    expect(configurationLines(logged)[0]).toContain("ASSETS");
    expect(logged.mock.calls.map((call) => String(call[0])).join("\n")).not.toContain("catalog asset not loaded");
  });
});
