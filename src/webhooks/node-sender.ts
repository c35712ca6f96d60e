import { lookup } from "node:dns";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { Send, SendResult } from "./sender.ts";
import { addressAllowed, judgeAddress } from "./target-address.ts";

/** How much of a receiver's answer is read (and thrown away): enough to finish the exchange, never a large body. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The Node origin's sender: node:http(s) with a lookup that refuses every address a name resolves to unless it is
 * public (or loopback, where the operator allows it) — checked when connecting, not only when the subscription was
 * made, so a name re-pointed at an internal address later is refused too. Redirects are not followed: a 3xx is a
 * failed delivery (and would otherwise be a way round the address rules).
 */
export function nodeSender(options: { allowLoopback: boolean; timeoutMs?: number }): Send {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const checkedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const refused = addresses.find((a) => !addressAllowed(judgeAddress(a.address), options.allowLoopback));
      if (refused) {
        return callback(new Error(`${hostname} resolves to ${refused.address}, not an allowed address`), "", 4);
      }
      if (lookupOptions.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} does not resolve`), "", 4);
      callback(null, first.address, first.family);
    });
  };
  // Connections are kept open between deliveries to one receiver: a TLS handshake per event would cap throughput.
  // An idle one is closed after 4 s, before a receiver's usual 5 s keep-alive ends it under a request being sent.
  // A kept socket was connected to an address the lookup allowed; a new one is looked up (and judged) again.
  const agents = {
    "http:": new HttpAgent({ keepAlive: true, maxSockets: 4, timeout: 4000 }),
    "https:": new HttpsAgent({ keepAlive: true, maxSockets: 4, timeout: 4000 }),
  };
  return (url, headers, body) =>
    new Promise<SendResult>((resolve) => {
      const target = new URL(url);
      const host = target.hostname.replace(/^\[|\]$/g, "");
      // An address literal is connected to without a lookup: judge it here.
      const literal = judgeAddress(host);
      if (literal !== undefined && !addressAllowed(literal, options.allowLoopback)) {
        return resolve({ ok: false, status: null, error: `${host} is not an allowed address` });
      }
      const request = (target.protocol === "https:" ? httpsRequest : httpRequest)(
        target,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
          lookup: checkedLookup,
          agent: target.protocol === "https:" ? agents["https:"] : agents["http:"],
          timeout: timeoutMs,
        },
        (response) => {
          let read = 0;
          response.on("data", (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) response.destroy();
          });
          const status = response.statusCode ?? null;
          const done = () => {
            const ok = status !== null && status >= 200 && status < 300;
            const redirected = status !== null && status >= 300 && status < 400;
            resolve({ ok, status, ...(redirected ? { error: "redirect not followed" } : {}) });
          };
          response.on("end", done);
          response.on("close", done);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on("error", (error) => resolve({ ok: false, status: null, error: error.message }));
      request.end(body);
    });
}

/** Every address a name has, for checking a target when it is registered. */
export function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses.map((a) => a.address)),
    );
  });
}
