import { createHash } from "node:crypto";
import { ApiKeys } from "../../src/auth/api-keys.ts";

/** The operator's key most record tests act with: its token, and the key set that holds only its sha256. */
export const adminToken = "test-key-admin-0123456789abcdef";
export const adminKeys = new ApiKeys([
  { id: "ops", role: "admin", sha256: createHash("sha256").update(adminToken).digest("hex"), schemes: [] },
]);

/** Requests as the admin key's holder: Bearer auth, and a JSON body (with its content type) when one is given. */
export function adminCall(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}
