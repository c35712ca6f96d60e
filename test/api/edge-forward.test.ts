import { describe, expect, it } from "vitest";
import { forwardToOrigin, ORIGIN_PATHS } from "../../src/edge/forward.ts";

describe("the edge forwards record routes to the origin", () => {
  it("matches the record, change-feed, label, admin (record store) and webhook subscription paths only", () => {
    const origin = ["/v1/records/jc-star/X", "/v1/records/batch", "/v1/changes", "/v1/labels/resolve"];
    origin.push("/v1/subscriptions", "/v1/subscriptions/sub_0/replay");
    origin.push("/v1/admin/records/undecodable", "/v1/admin/records/undecodable/jc-star/X/quarantine");
    expect(origin.every((p) => ORIGIN_PATHS.test(p))).toBe(true);
    const edge = [
      "/v1/schemes",
      "/v1/equivalence",
      "/v1/recordsx",
      "/v1/administration",
      "/v1/subscriptionsx",
      "/healthz",
    ];
    expect(edge.some((p) => ORIGIN_PATHS.test(p))).toBe(false);
  });

  it("passes method, headers and body through to the origin, with the query", async () => {
    let seen: Request | undefined;
    const response = await forwardToOrigin(
      new Request("https://edge.example/v1/records/jc-star/X?format=native", {
        method: "PUT",
        headers: { authorization: "Bearer secret", "if-match": '"v1"', "content-type": "application/json" },
        body: '{"record":{}}',
      }),
      "https://origin.example",
      async (request) => {
        seen = request;
        return new Response("ok", { status: 200 });
      },
    );
    expect(response.status).toBe(200);
    expect(seen?.url).toBe("https://origin.example/v1/records/jc-star/X?format=native");
    expect(seen?.method).toBe("PUT");
    expect(seen?.headers.get("authorization")).toBe("Bearer secret");
    expect(seen?.headers.get("if-match")).toBe('"v1"');
    expect(seen?.headers.get("x-forwarded-host")).toBe("edge.example");
    expect(await seen?.text()).toBe('{"record":{}}');
  });

  it("answers 503 problem+json with Retry-After when the origin cannot be reached", async () => {
    const response = await forwardToOrigin(
      new Request("https://edge.example/v1/changes"),
      "https://origin.example",
      async () => {
        throw new TypeError("connection refused");
      },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("5");
  });
});
