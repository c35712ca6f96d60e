import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { eventBody } from "../../src/webhooks/event.ts";
import { nodeSender } from "../../src/webhooks/node-sender.ts";
import type { SendResult } from "../../src/webhooks/sender.ts";
import { signatureHeaders } from "../../src/webhooks/signature.ts";
import { newSecret } from "../../src/webhooks/subscription.ts";

/** The receiver docs/webhooks.md shows, exactly as written there (the js block after its marker comment). */
function documentedReceiver(): string {
  const doc = readFileSync(new URL("../../docs/webhooks.md", import.meta.url), "utf8");
  const found = /<!-- receiver:[^\n]*-->\n```js\n([\s\S]*?)```/.exec(doc);
  if (!found?.[1]) throw new Error("docs/webhooks.md has no receiver block");
  return found[1];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
});

describe("the receiver in docs/webhooks.md", () => {
  it("accepts a delivery signed with its secret and refuses one signed with another", async () => {
    const secret = newSecret();
    const port = await freePort();
    // Run from the repository, so its `import "standardwebhooks"` resolves as in a partner's project.
    child = spawn(process.execPath, ["--input-type=module", "-e", documentedReceiver()], {
      cwd: new URL("../..", import.meta.url),
      env: { ...process.env, WEBHOOK_SECRET: secret, PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const send = nodeSender({ allowLoopback: true });
    const url = `http://127.0.0.1:${port}/`;
    const change = {
      cursor: "1764979200123-0",
      type: "withdrawn" as const,
      scheme: "jc-star",
      registrationId: "JC-2025-000417",
      version: 3,
      at: "2026-12-06T00:00:00.123Z",
    };
    const body = eventBody(change);
    const deliver = (key: string) => send(url, signatureHeaders(key, "msg_docs_1", Date.now(), body), body);
    // Until the child listens, connections are refused (no status): wait for it, bounded by the test's timeout.
    let first: SendResult = await deliver(secret);
    while (first.status === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      first = await deliver(secret);
    }
    expect(first.status).toBe(204);
    expect((await deliver(newSecret())).status).toBe(400);
    while (!output.includes("\n")) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(output.trim()).toBe("msg_docs_1 record.withdrawn jc-star JC-2025-000417");
  });
});
