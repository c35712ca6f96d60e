import { createKakehashiClient, type KakehashiClient } from "../../client/index.ts";

/** The server at --url did not answer at all (refused, unknown host, reset): `detail` says how, in the OS's terms. */
export class Unreachable extends Error {
  constructor(readonly detail: string) {
    super(`could not reach the server: ${detail}`);
  }
}

/** "connection refused" from a fetch failure's cause (`ECONNREFUSED`), else its message. */
function why(error: Error): string {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  const words: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "no such host",
    EAI_AGAIN: "no such host",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "timed out",
    EHOSTUNREACH: "host unreachable",
  };
  return (cause?.code && words[cause.code]) ?? cause?.code ?? cause?.message ?? error.message;
}

/**
 * How the CLI asks its questions: through the typed client (kakehashi/client), so every path, parameter and body the
 * commands send, and every answer they read, is checked by the compiler against the OpenAPI document. With `--url` the
 * client talks to a running server; without it, the same client's `fetch` is the app itself over the embedded catalog,
 * in process (no server, no network). One code path either way: the embedded answers and errors are the API's.
 */
let embedded: ReturnType<typeof import("./embedded-app.ts").embeddedApp> | undefined;

export async function kakehashiClient(options: {
  url?: string | undefined;
  key?: string | undefined;
}): Promise<KakehashiClient> {
  if (options.url) {
    return createKakehashiClient({
      baseUrl: options.url,
      ...(options.key ? { apiKey: options.key } : {}),
      // Only a failed connection is "could not reach" (exit 3 like a server error); a problem answer is not thrown.
      fetch: (request) =>
        fetch(request).catch((error: Error) => {
          throw new Unreachable(why(error));
        }),
    });
  }
  // The app and the catalog are most of the bundle: loaded only for an embedded answer, not for --url.
  const { embeddedApp } = await import("./embedded-app.ts");
  // One app per process: a command asks a few questions, and a test calling the command many times in one process
  // gets the answers already worked out.
  embedded ??= embeddedApp();
  const app = embedded;
  return createKakehashiClient({ baseUrl: "http://localhost", fetch: async (request) => app.request(request) });
}
