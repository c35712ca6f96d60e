import type { KakehashiCredential } from "../contracts/credential.ts";
import type { Sha256 } from "../deps.ts";
import { hexToBase64 } from "./base64.ts";
import { compactCredential } from "./compact.ts";
import type { KeyRing } from "./keys.ts";
import { signCredential } from "./secure.ts";

/**
 * Issues the compact form of a full credential (the route's default, and what bench/credentials.ts measures): the
 * full form is written once as the answer's bytes, digested, named by URL in the compact claims, and only the compact
 * claims are signed. Returns the token and the answer bytes to keep under the credential's id.
 */
export async function signCompact(
  full: KakehashiCredential,
  options: { origin: string; sha256: Sha256; signing: NonNullable<KeyRing["signing"]>; did: string },
): Promise<{ uuid: string; token: string; answer: string }> {
  const uuid = full.id.slice("urn:uuid:".length);
  const answer = JSON.stringify(full);
  const digest = await options.sha256(answer);
  const compact = compactCredential(full, {
    url: `${options.origin}/v1/credentials/${uuid}/answer`,
    digestSRI: `sha256-${hexToBase64(digest)}`,
  });
  return { uuid, token: await signCredential(compact, options.signing, options.did), answer };
}
