import { mountedRoutes } from "../routes/mounted.ts";

/**
 * Paths the edge does not answer itself — those of routes whose facts say `edge: "origin"`: records live at the
 * origin (the Worker holds only the catalog), and so do webhook subscriptions, whose deliveries the origin sends.
 */
export const ORIGIN_PATHS = {
  test: (path: string): boolean => mountedRoutes.at(path).some((facts) => facts.edge === "origin"),
};

/**
 * Forwards a request to the origin, unchanged but for its URL (method, headers — the API key included — and body
 * pass through). An origin that cannot be reached is a 503 problem with Retry-After, not a hang.
 */
export async function forwardToOrigin(
  request: Request,
  origin: string,
  fetcher: (request: Request) => Promise<Response> = fetch,
): Promise<Response> {
  const url = new URL(request.url);
  const target = new URL(url.pathname + url.search, origin);
  const forwarded = new Request(target, request);
  forwarded.headers.set("x-forwarded-host", url.host);
  try {
    return await fetcher(forwarded);
  } catch {
    const body = {
      type: "urn:kakehashi:problem:unavailable",
      title: "Service unavailable",
      status: 503,
      detail: "the origin that serves records could not be reached",
      instance: url.pathname,
    };
    return new Response(JSON.stringify(body), {
      status: 503,
      headers: { "content-type": "application/problem+json", "retry-after": "5" },
    });
  }
}
