/**
 * Name-based (version 5, RFC 9562 §5.5) UUIDs: the same stable name always gives the same UUID, so an export made
 * twice from the same data is byte-identical and a re-export after a data change diffs only where the data changed.
 */

/** SHA-1 of some bytes. A port like the SHA-256 one: Web Crypto on Workers, node:crypto where it is cheaper. */
export type Sha1 = (bytes: Uint8Array) => Promise<Uint8Array> | Uint8Array;

export async function webCryptoSha1(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-1", bytes as Uint8Array<ArrayBuffer>));
}

/** Kakehashi's own namespace for export UUIDs (itself a fixed random UUID; changing it changes every export). */
export const KAKEHASHI_UUID_NAMESPACE = "5b0c8f52-3d1e-4e6a-9f47-2a7c1d9e6b30";

const encoder = new TextEncoder();

export async function uuidV5(name: string, sha1: Sha1, namespace = KAKEHASHI_UUID_NAMESPACE): Promise<string> {
  const ns = parseUuid(namespace);
  const nameBytes = encoder.encode(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns, 0);
  input.set(nameBytes, ns.length);
  const hash = (await sha1(input)).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseUuid(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** A UUID minter for one export: stable names in, v5 UUIDs out, each name hashed once. */
export function uuidMinter(sha1: Sha1): (name: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (name) => {
    let uuid = known.get(name);
    if (!uuid) {
      uuid = uuidV5(name, sha1);
      known.set(name, uuid);
    }
    return uuid;
  };
}
