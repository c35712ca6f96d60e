import { contractViolations } from "./contract-check.ts";

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Contract violations found where they could not be thrown into the test that caused them (a streamed body checked
 * after the test got its response). The test setup (test/setup/contract.ts) fails the test that left any.
 */
export const pendingChecks = new Set<Promise<void>>();
export const lateViolations: string[] = [];

/** Media types whose body arrives as a stream the test may still be reading: checked without holding the test up. */
const streamed = new Set(["application/x-ndjson", "text/event-stream"]);

/**
 * Checks one response against the OpenAPI document (test/helpers/contract-check.ts) and throws on the first
 * contradiction. The caller gets the response untouched: the check reads a clone.
 */
export async function checkResponse(method: string, url: string, response: Response): Promise<Response> {
  const type = response.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  const copy = response.clone();
  const run = async () => {
    const body = await copy.text().catch(() => undefined);
    if (body === undefined) return []; // the stream was broken off by the test itself: nothing to judge
    return contractViolations({ method, url, status: response.status, headers: response.headers, body });
  };
  if (streamed.has(type)) {
    const pending: Promise<void> = run().then((found) => {
      lateViolations.push(...found);
      pendingChecks.delete(pending);
    });
    pendingChecks.add(pending);
    return response;
  }
  const found = await run();
  if (found.length > 0) throw new ContractViolation(found);
  return response;
}

export class ContractViolation extends Error {
  constructor(readonly violations: string[]) {
    super(`response contradicts the OpenAPI document:\n  ${violations.join("\n  ")}`);
    this.name = "ContractViolation";
  }
}

function methodAndUrl(input: Request | string | URL, init?: RequestInit): [string, string] {
  if (input instanceof Request) return [init?.method ?? input.method, input.url];
  return [init?.method ?? "GET", String(input)];
}

/** A fetch whose every response is checked against the document before the caller sees it. */
export function checkedFetch<F extends (input: string, init?: RequestInit) => Promise<Response>>(fetch: F): F {
  return (async (input: string, init?: RequestInit) => {
    const [method, url] = methodAndUrl(input, init);
    return checkResponse(method, url, await fetch(input, init));
  }) as F;
}

/** The same for any fetch-shaped function taking a Request, a URL or a string (global fetch, SELF.fetch). */
export function checkedGlobalFetch(
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>,
  applies: (url: URL) => boolean,
) {
  return async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const [method, url] = methodAndUrl(input, init);
    const response = await fetch(input, init);
    return applies(new URL(url)) ? checkResponse(method, url, response) : response;
  };
}

type RequestFn = (input: Request | string | URL, init?: RequestInit, ...rest: never[]) => Response | Promise<Response>;

/** The app with `app.request` checking every response — what createTestApp hands every Node test. */
export function withCheckedRequests<A extends { request: RequestFn }>(app: A): A {
  const request = app.request.bind(app);
  app.request = (async (input: Request | string | URL, init?: RequestInit, ...rest: never[]) => {
    const [method, url] = methodAndUrl(input, init);
    return checkResponse(method, url, await request(input, init, ...rest));
  }) as A["request"];
  return app;
}
