import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { issueTranslation, jcStarSample, tokenText } from "../api/credential-suite.ts";
import { fetchWorker } from "./worker-fetch.ts";

const key = (id: string) => `kakehashi:credential:${id}`;
const body = { from: "jc-star", to: "uk-psti", record: jcStarSample, asOf: "2026-01-15" };

/** The KV entry the Worker wrote for a credential (its write is handed to waitUntil, so it may land just after). */
async function kvEntry(id: string): Promise<string | null> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await env.ISSUED_CREDENTIALS.get(key(id), "text");
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}

describe("Workers: issued credentials in the ISSUED_CREDENTIALS KV namespace", () => {
  it("writes each issued credential, with its full answer, to KV under its id", async () => {
    const token = await issueTranslation(fetchWorker, body);
    const payload = JSON.parse(new TextDecoder().decode(Buffer.from(token.split(".")[1] ?? "", "base64url"))) as {
      id: string;
    };
    const id = payload.id.slice("urn:uuid:".length);
    const stored = await kvEntry(id);
    expect(stored?.slice(0, stored.indexOf("\n"))).toBe(token);
    const answer = await fetchWorker(`/v1/credentials/${id}/answer`);
    expect(stored?.slice(stored.indexOf("\n") + 1)).toBe(await answer.text());
  });

  it("serves by id a credential this isolate never issued, from KV (as another isolate would have written it)", async () => {
    const token = await issueTranslation(fetchWorker, body);
    const id = (
      JSON.parse(new TextDecoder().decode(Buffer.from(token.split(".")[1] ?? "", "base64url"))) as { id: string }
    ).id.slice(9);
    const stored = (await kvEntry(id)) ?? "";
    // A fresh id, written only to KV: this isolate's memory has never seen it.
    const elsewhere = crypto.randomUUID();
    await env.ISSUED_CREDENTIALS.put(key(elsewhere), stored, { expirationTtl: 3600 });
    const fetched = await fetchWorker(`/v1/credentials/${elsewhere}`, { headers: { accept: "application/vc+jwt" } });
    expect(fetched.status).toBe(200);
    expect(await tokenText(fetched)).toBe(token);
    const answer = await fetchWorker(`/v1/credentials/${elsewhere}/answer`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(stored.slice(stored.indexOf("\n") + 1));
    // An id in neither place is still a 404 problem.
    expect((await fetchWorker(`/v1/credentials/${crypto.randomUUID()}/answer`)).status).toBe(404);
  });
});
