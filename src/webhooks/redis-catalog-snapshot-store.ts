import type { RedisClient } from "../store/redis-connection.ts";
import { PREFIX } from "../store/redis-keys.ts";
import type { CatalogSnapshotStore } from "./catalog-snapshot-store.ts";

const SNAPSHOT = `${PREFIX}:webhook:catalog`;
const leaseKey = (digest: string) => `${PREFIX}:webhook:catalog-lease:${digest}`;

/**
 * The last catalog in the record store's Redis: one hash (digest, compiled JSON — about 1 MB, written once per
 * catalog change), and a SET NX PX lease per new digest.
 */
export class RedisCatalogSnapshots implements CatalogSnapshotStore {
  constructor(private readonly client: RedisClient) {}

  async digest(): Promise<string | undefined> {
    return (await this.client.hget(SNAPSHOT, "digest")) ?? undefined;
  }

  async catalog() {
    const [digest, json] = await this.client.hmget(SNAPSHOT, "digest", "json");
    return digest && json ? { digest, json } : undefined;
  }

  async record(digest: string, json: string): Promise<void> {
    await this.client.hset(SNAPSHOT, { digest, json });
  }

  async claim(digest: string, ms: number): Promise<boolean> {
    return (await this.client.set(leaseKey(digest), "1", "PX", ms, "NX")) === "OK";
  }

  async release(digest: string): Promise<void> {
    await this.client.del(leaseKey(digest));
  }
}
