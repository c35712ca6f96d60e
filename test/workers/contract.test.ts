import { describe, expect, it } from "vitest";
import { contractViolations } from "../helpers/contract-check.ts";
import { fetchWorker } from "./worker-fetch.ts";

// The response check runs inside workerd too: ajv compiles its validators here, and a contradiction is caught.
describe("the contract check inside workerd", () => {
  it("passes the Worker's own answers and catches one the document does not allow", async () => {
    const response = await fetchWorker("/v1/schemes/jc-star", { headers: { accept: "text/csv" } });
    expect(response.status).toBe(406);
    const body = await response.text();
    const exchange = { method: "GET", url: "/v1/schemes/jc-star", headers: response.headers, body };
    expect(contractViolations({ ...exchange, status: 406 })).toEqual([]);
    expect(contractViolations({ ...exchange, status: 409 })).toEqual([
      expect.stringMatching(/409 is not documented for GET \/v1\/schemes\/\{schemeId\}/),
    ]);
    const json = new Headers({ "content-type": "application/json" });
    const bad = contractViolations({ method: "GET", url: "/healthz", status: 200, headers: json, body: "{}" });
    expect(bad[0]).toMatch(/body: .*required property/);
  });
});
