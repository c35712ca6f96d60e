import type { Cache } from "../cache/cache.ts";
import type { Logger } from "../deps.ts";
import { ByteRing } from "./byte-ring.ts";

/** What is kept of an issued compact credential: the token itself and the full answer it names by URL and digest. */
export interface IssuedEntry {
  token: string;
  /** The full answer's bytes (JSON text), exactly as its digest in the token was taken. */
  answer: string;
}

/** Kept at most this long; a credential without an end date (a PSTI statement) is served this long too. */
export const ISSUED_MAX_TTL_SECONDS = 400 * 86_400;

/**
 * Issued compact credentials by id, so that `GET /v1/credentials/{id}` (and its QR code) and the full answer at
 * `…/{id}/answer` can be fetched. A convenience, not the source of truth: the token is self-contained and verifies
 * without this store, and the answer's digest is in the signed token. In-process (bounded: a ring of UTF-8 bytes the
 * garbage collector does not scan, src/credentials/byte-ring.ts) with a shared store behind it — Redis on Node when
 * REDIS_URL is set, a KV namespace on Workers when one is bound. A shared write is not awaited by the request: an
 * outage costs the link, never the answer (docs/credentials.md).
 */
export class IssuedCredentials {
  private readonly local: ByteRing;

  constructor(
    private readonly logger: Logger,
    private readonly shared?: Cache,
    limits: { maxEntries: number; maxBytes: number } = { maxEntries: 5_000, maxBytes: 32_000_000 },
  ) {
    this.local = new ByteRing(limits);
  }

  static inMemory(logger: Logger, maxEntries = 5_000, maxBytes = 32_000_000): IssuedCredentials {
    return new IssuedCredentials(logger, undefined, { maxEntries, maxBytes });
  }

  /**
   * Keeps the entry here at once; the returned promise is the shared store's write (it never rejects: a failure is
   * logged). Node leaves it running; the Worker hands it to `waitUntil`, or the platform would cancel it with the
   * response.
   */
  put(id: string, entry: IssuedEntry, ttlSeconds: number): Promise<void> {
    const ttl = Math.max(60, Math.min(ttlSeconds, ISSUED_MAX_TTL_SECONDS));
    // The token has no line break (compact JWS), so one joins the two without re-encoding the answer as a JSON string.
    // The ring takes the parts as they are: joined, the ≈ 6,500-character string would be built only to be copied
    // (flattened) once more by the encoder, on every credential issued.
    this.local.put(key(id), [entry.token, "\n", entry.answer], ttl);
    if (!this.shared) return Promise.resolve();
    return this.shared.set(key(id), `${entry.token}\n${entry.answer}`, ttl).catch((error: unknown) => {
      this.logger.warn({ component: "credentials", error: String(error) }, "issued credential not shared");
    });
  }

  async get(id: string): Promise<IssuedEntry | undefined> {
    const value = this.local.peek(key(id)) ?? (await this.shared?.get(key(id)));
    if (value === undefined) return undefined;
    const split = value.indexOf("\n");
    return split > 0 ? { token: value.slice(0, split), answer: value.slice(split + 1) } : undefined;
  }
}

function key(id: string): string {
  return `kakehashi:credential:${id}`;
}
