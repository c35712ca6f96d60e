import type { Logger } from "../deps.ts";
import type { Undecodable } from "./record-decode.ts";

/**
 * The undecodable values a store has met, by key: each is logged at error once (not on every list call that steps
 * over it), counted for /readyz, and forgotten when the key decodes again (repaired) or is gone.
 */
export class UndecodableValues {
  private readonly seen = new Map<string, Undecodable>();

  constructor(private readonly logger?: Logger) {}

  report(value: Undecodable): void {
    if (!this.seen.has(value.key)) {
      this.logger?.error(
        {
          component: "record-store",
          key: value.key,
          scheme: value.scheme,
          registrationId: value.registrationId,
          reason: value.reason,
        },
        "undecodable value in the record store: skipped from lists; repair or remove the key",
      );
    }
    this.seen.set(value.key, value);
  }

  forget(key: string): void {
    // Called for every record a page decodes; with nothing reported (the usual case) there is nothing to look up.
    if (this.seen.size > 0) this.seen.delete(key);
  }

  get count(): number {
    return this.seen.size;
  }

  /** The /readyz detail suffix, or undefined when every value read so far decoded. */
  describe(): string | undefined {
    return this.count > 0
      ? `${this.count} undecodable (skipped from lists; GET /v1/admin/records/undecodable or kakehashi doctor lists them)`
      : undefined;
  }
}
