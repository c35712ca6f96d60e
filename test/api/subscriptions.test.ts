import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiKeys } from "../../src/auth/api-keys.ts";
import {
  CreatedSubscriptionBody,
  DeliveryLog,
  SubscriptionBody,
  SubscriptionList,
} from "../../src/contracts/subscription.ts";
import { MemoryRecordStore } from "../../src/store/memory.ts";
import { MemorySubscriptionStore } from "../../src/webhooks/memory-subscription-store.ts";
import { createTestApp } from "../helpers/test-app.ts";
import { expectBody, expectProblem } from "./api-suite.ts";

const token = (name: string) => `test-key-${name}-0123456789abcdef`;
const hash = (text: string) => createHash("sha256").update(text).digest("hex");
const keys = new ApiKeys([
  { id: "ipa-partner", role: "partner", sha256: hash(token("partner")), schemes: ["jc-star"] },
  { id: "other-partner", role: "partner", sha256: hash(token("other")), schemes: ["jc-star"] },
  { id: "regulator", role: "reader", sha256: hash(token("reader")), schemes: [] },
  { id: "ops", role: "admin", sha256: hash(token("admin")), schemes: [] },
]);

/** Names resolve as a test says: public, private, metadata. */
const dns: Record<string, string[]> = {
  "partner.example": ["93.184.215.14"],
  "intranet.example": ["10.1.2.3"],
  "mixed.example": ["93.184.215.14", "192.168.0.9"],
  "rebind.example": ["::ffff:169.254.169.254"],
  localhost: ["127.0.0.1", "::1"],
};

function setup(options: { allowLoopback?: boolean } = {}) {
  const subscriptions = new MemorySubscriptionStore();
  const { app } = createTestApp({
    records: new MemoryRecordStore(),
    subscriptions,
    apiKeys: keys,
    webhookTargets: {
      allowLoopback: options.allowLoopback ?? false,
      resolve: async (host) => {
        const found = dns[host];
        if (!found) throw new Error("ENOTFOUND");
        return found;
      },
    },
  });
  const call = (method: string, path: string, who?: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${token(who)}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { app, call, subscriptions };
}

const good = {
  url: "https://partner.example/hooks",
  events: ["record.withdrawn", "record.expired"],
  schemes: ["jc-star"],
};

describe("webhook subscriptions API", () => {
  it("creates a subscription and shows its secret once; reads, lists and deletes it without the secret", async () => {
    const { call } = setup();
    const created = await call("POST", "/v1/subscriptions", "partner", good);
    expect(created.status).toBe(201);
    const body = await expectBody(created, CreatedSubscriptionBody);
    expect(body).toMatchObject({ owner: "ipa-partner", status: "active", ...good, attempts: 0 });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.headers.get("location")).toBe(`/v1/subscriptions/${body.id}`);

    const read = await call("GET", `/v1/subscriptions/${body.id}`, "partner");
    const shown = await expectBody(read, SubscriptionBody);
    expect(JSON.stringify(shown)).not.toContain(body.secret);
    expect(shown).toEqual(expect.objectContaining({ id: body.id, cursor: body.cursor }));
    const listed = await expectBody(await call("GET", "/v1/subscriptions", "partner"), SubscriptionList);
    expect(listed.subscriptions.map((s) => s.id)).toEqual([body.id]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    const log = await expectBody(await call("GET", `/v1/subscriptions/${body.id}/deliveries`, "partner"), DeliveryLog);
    expect(log.deliveries).toEqual([]);

    expect((await call("DELETE", `/v1/subscriptions/${body.id}`, "partner")).status).toBe(204);
    await expectProblem(await call("GET", `/v1/subscriptions/${body.id}`, "partner"), 404);
  });

  it("keeps partners apart: another partner's subscription is a 404; an admin sees all", async () => {
    const { call } = setup();
    const { id } = await expectBody(await call("POST", "/v1/subscriptions", "partner", good), CreatedSubscriptionBody);
    await expectProblem(await call("GET", `/v1/subscriptions/${id}`, "other"), 404);
    await expectProblem(await call("DELETE", `/v1/subscriptions/${id}`, "other"), 404);
    await expectProblem(await call("POST", `/v1/subscriptions/${id}/replay`, "other"), 404);
    const theirs = await expectBody(await call("GET", "/v1/subscriptions", "other"), SubscriptionList);
    expect(theirs.subscriptions).toEqual([]);
    const all = await expectBody(await call("GET", "/v1/subscriptions", "admin"), SubscriptionList);
    expect(all.subscriptions.map((s) => s.id)).toEqual([id]);
    expect((await call("GET", `/v1/subscriptions/${id}`, "admin")).status).toBe(200);
  });

  it("needs a partner or admin key, and a partner filters by its own schemes only", async () => {
    const { call } = setup();
    await expectProblem(await call("POST", "/v1/subscriptions", undefined, good), 401);
    await expectProblem(await call("POST", "/v1/subscriptions", "reader", good), 403);
    await expectProblem(await call("GET", "/v1/subscriptions", "reader"), 403);
    const foreign = await expectProblem(
      await call("POST", "/v1/subscriptions", "partner", { ...good, schemes: ["sg-cls"] }),
      403,
    );
    expect(foreign.errors?.[0]?.pointer).toBe("/body/schemes/0");
    const unknown = await expectProblem(
      await call("POST", "/v1/subscriptions", "admin", { ...good, schemes: ["no-such-scheme"] }),
      422,
    );
    expect(unknown.errors?.[0]?.pointer).toBe("/body/schemes/0");
    expect((await call("POST", "/v1/subscriptions", "admin", { ...good, schemes: ["sg-cls"] })).status).toBe(201);
    await expectProblem(await call("POST", "/v1/subscriptions", "partner", { ...good, events: ["record.moved"] }), 422);
    await expectProblem(await call("POST", "/v1/subscriptions", "partner", { ...good, events: [] }), 422);
    await expectProblem(await call("POST", "/v1/subscriptions", "partner", { ...good, extra: 1 }), 422);
  });

  it("refuses targets that would reach inside the network (SSRF) and changes nothing", async () => {
    const { call, subscriptions } = setup();
    const refused = [
      "http://partner.example/hooks", // plain http to a public host
      "ftp://partner.example/hooks",
      "file:///etc/passwd",
      "https://user:pass@partner.example/hooks",
      "https://127.0.0.1/hooks", // loopback, not allowed here
      "https://localhost:8443/hooks",
      "https://[::1]/hooks",
      "https://10.0.0.1/hooks", // private
      "https://172.20.1.1/hooks",
      "https://192.168.1.1/hooks",
      "https://100.64.0.1/hooks", // shared (CGNAT)
      "https://169.254.169.254/latest/meta-data", // link-local: cloud metadata
      "https://[fe80::1]/hooks",
      "https://[fd00:ec2::254]/hooks", // unique local: AWS's IPv6 metadata
      "https://[::ffff:10.0.0.1]/hooks", // IPv4-mapped private
      "https://[64:ff9b::a9fe:a9fe]/hooks", // NAT64 of the metadata address
      "https://0.0.0.0/hooks",
      "https://[::]/hooks",
      "https://2130706433/hooks", // 127.0.0.1 written as one number (URL parsing normalises it)
      "https://0x7f.0.0.1/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://224.0.0.1/hooks",
      "https://metadata.google.internal/computeMetadata/v1",
      "https://intranet.example/hooks", // a name resolving to a private address
      "https://mixed.example/hooks", // one address private is enough
      "https://rebind.example/hooks",
      "https://nowhere.example/hooks", // does not resolve
      "not a url",
    ];
    for (const url of refused) {
      const problem = await expectProblem(await call("POST", "/v1/subscriptions", "partner", { ...good, url }), 422);
      expect(problem.errors?.[0]?.pointer, url).toBe("/body/url");
    }
    expect(await subscriptions.list()).toEqual([]);
    expect((await call("POST", "/v1/subscriptions", "partner", good)).status).toBe(201);
    expect(
      (await call("POST", "/v1/subscriptions", "partner", { ...good, url: "https://93.184.215.14/x" })).status,
    ).toBe(201);
  });

  it("allows loopback, and plain http to it only, where the operator allows loopback", async () => {
    const { call } = setup({ allowLoopback: true });
    for (const url of ["http://127.0.0.1:9000/hook", "http://localhost:9000/hook", "https://[::1]/hook"]) {
      expect((await call("POST", "/v1/subscriptions", "partner", { ...good, url })).status, url).toBe(201);
    }
    for (const url of ["http://partner.example/hook", "https://10.0.0.1/hook", "https://169.254.169.254/"]) {
      await expectProblem(await call("POST", "/v1/subscriptions", "partner", { ...good, url }), 422);
    }
  });

  it("replays from a cursor (202), refuses a malformed one (400) and one past the feed's retention (410)", async () => {
    const { call, subscriptions } = setup();
    const { id } = await expectBody(await call("POST", "/v1/subscriptions", "partner", good), CreatedSubscriptionBody);
    const from = `${Date.now() - 3600_000}-0`;
    const replayed = await call("POST", `/v1/subscriptions/${id}/replay?from=${from}`, "partner");
    expect(replayed.status).toBe(202);
    expect(await expectBody(replayed, SubscriptionBody)).toMatchObject({ cursor: from, status: "active" });
    expect((await subscriptions.get(id))?.state).toMatchObject({ cursor: from, generation: 1 });
    await expectProblem(await call("POST", `/v1/subscriptions/${id}/replay?from=yesterday`, "partner"), 400);
    await expectProblem(await call("POST", `/v1/subscriptions/${id}/replay?from=1-0`, "partner"), 410);
    expect((await subscriptions.get(id))?.state.cursor).toBe(from);
    // Without `from`: resume where it stands (a failing subscription becomes active again).
    const state = (await subscriptions.get(id))?.state;
    if (!state) throw new Error("stored");
    await subscriptions.saveState(id, { ...state, status: "failing", failingSince: Date.now() - 86_400_000 });
    const failing = await expectBody(await call("GET", `/v1/subscriptions/${id}`, "partner"), SubscriptionBody);
    expect(failing.status).toBe("failing");
    expect(failing.failingSince).not.toBeNull();
    const resumed = await expectBody(await call("POST", `/v1/subscriptions/${id}/replay`, "partner"), SubscriptionBody);
    expect(resumed).toMatchObject({ status: "active", cursor: from, failingSince: null });
  });

  it("answers 503 naming the origin where no subscription store is configured (the edge)", async () => {
    const { app } = createTestApp({ apiKeys: keys });
    const response = await app.request("/v1/subscriptions", { headers: { authorization: `Bearer ${token("admin")}` } });
    const problem = await expectProblem(response, 503);
    expect(problem.detail).toContain("origin");
  });
});
