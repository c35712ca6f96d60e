import { getRequestListener } from "@hono/node-server";
import { afterAll, afterEach } from "vitest";
import { checkedGlobalFetch, lateViolations, pendingChecks } from "../helpers/checked-fetch.ts";

/**
 * Node test setup: responses from servers the tests start on this machine (fetch to 127.0.0.1 / localhost) are
 * checked against the OpenAPI document like app.request's are (test/helpers/test-app.ts); and a test fails when a
 * streamed body it received turned out to contradict the document after the test had read it.
 */
const local = new Set(["127.0.0.1", "localhost", "[::1]"]);
// Once per process: where files share a worker's modules (vitest.config.ts, isolate: false) this file runs again
// before each of them, and wrapping the wrapped fetch would check every response again.
const checked = Symbol.for("kakehashi.test.checkedFetch");
if (!(checked in globalThis.fetch)) {
  const wrapped = checkedGlobalFetch(globalThis.fetch, (url) => local.has(url.hostname));
  globalThis.fetch = Object.assign(wrapped, { [checked]: true }) as typeof fetch;
}

// Node's adapter replaces the global Request and Response with its own lighter classes the first time a server's
// listener is made, as the Node entry does at start. Made here, before any test, every file in a worker sees the
// globals the Node entry runs with, whichever file in that worker started a server first.
getRequestListener(() => new Response(null));

const failOnLateViolations = async () => {
  await Promise.all([...pendingChecks]);
  const found = lateViolations.splice(0);
  if (found.length > 0) throw new Error(`response contradicts the OpenAPI document:\n  ${found.join("\n  ")}`);
};
afterEach(failOnLateViolations);
// And at the file's end: a check still running after its last test fails this file, not the next one in the worker.
afterAll(failOnLateViolations);
