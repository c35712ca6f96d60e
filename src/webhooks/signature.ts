import { createHmac } from "node:crypto";

/**
 * Standard Webhooks signing (the algorithm of the `standardwebhooks` package, which the tests verify with):
 * `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), the key being the base64 after `whsec_`.
 * node:crypto, because deliveries run on the Node origin only; a receiver verifies with the package in a few lines
 * (docs/webhooks.md).
 */
export function signatureHeaders(secret: string, webhookId: string, timestampMs: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const timestamp = String(Math.floor(timestampMs / 1000));
  const signature = createHmac("sha256", key).update(`${webhookId}.${timestamp}.${body}`).digest("base64");
  return {
    "webhook-id": webhookId,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${signature}`,
  };
}
