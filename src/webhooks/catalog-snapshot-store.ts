/**
 * The catalog the service last ran with, kept beside the subscriptions: its digest, and the compiled catalog itself,
 * so that when a new catalog starts, the answers stored records earned under the old one can be asked again of the
 * old one (src/webhooks/catalog-change.ts) — the same engine, both catalogs, the same day, as the review diff does.
 * Twins: MemoryCatalogSnapshots (below: a process without Redis starts fresh every time, so it never sees a change)
 * and RedisCatalogSnapshots.
 */
export interface CatalogSnapshotStore {
  /** The digest last recorded; undefined before the first start. */
  digest(): Promise<string | undefined>;
  /** The compiled catalog (JSON) last recorded, with its digest. */
  catalog(): Promise<{ digest: string; json: string } | undefined>;
  /** Records the catalog now running: later start-ups compare with it. */
  record(digest: string, json: string): Promise<void>;
  /**
   * A lease on re-judging the move to `digest`, so that of several instances starting at once one does the work;
   * false while another holds it. It lapses after `ms` (an instance that died holding it blocks no one for long).
   */
  claim(digest: string, ms: number): Promise<boolean>;
  release(digest: string): Promise<void>;
}

export class MemoryCatalogSnapshots implements CatalogSnapshotStore {
  private recorded: { digest: string; json: string } | undefined;
  private readonly leases = new Map<string, number>();

  async digest(): Promise<string | undefined> {
    return this.recorded?.digest;
  }

  async catalog() {
    return this.recorded ? { ...this.recorded } : undefined;
  }

  async record(digest: string, json: string): Promise<void> {
    this.recorded = { digest, json };
  }

  async claim(digest: string, ms: number): Promise<boolean> {
    const until = this.leases.get(digest);
    if (until !== undefined && until > Date.now()) return false;
    this.leases.set(digest, Date.now() + ms);
    return true;
  }

  async release(digest: string): Promise<void> {
    this.leases.delete(digest);
  }
}
