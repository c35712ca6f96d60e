import type { Cluster, Redis } from "ioredis";
import type { ComponentHealth } from "../cache/cache.ts";
import type { Logger } from "../deps.ts";
import {
  compareIds,
  type FeedEntry,
  formatCompositeCursor,
  mergePartitions,
  parseCompositeCursor,
  type StreamId,
} from "./feed-cursor.ts";
import { decodeChange, decodeStoredRecord, type Undecodable } from "./record-decode.ts";
import {
  type Change,
  checkCursor,
  checkListCursor,
  currentUrlMatch,
  FEED_RETENTION_MS,
  holderKey,
  normaliseLabelUrl,
  type PutInput,
  type Quarantined,
  type RecordStore,
  type ScannedUndecodable,
  StoreConflict,
  type StoredRecord,
  strongTags,
  type UndecodableScanPage,
  undecodableConflict,
  withUndecodable,
} from "./record-store.ts";
import type { RedisClient } from "./redis-connection.ts";
import { type Durability, readDurability } from "./redis-durability.ts";
import { clusterPartitions, type Partition, partitionOf, RECORD_KEY, SINGLE } from "./redis-keys.ts";
import { checkPartitionLayout, LayoutMismatch } from "./redis-layout.ts";
import { QUARANTINE, type RawValue, readRawValues, scanPartitionKeys, scanRecordKeys } from "./redis-raw-values.ts";
import { redirectionOf, SlotMoving } from "./redis-redirections.ts";
import { awaitReplicas } from "./redis-replication.ts";
import { UndecodableValues } from "./undecodable.ts";

/** The hash fields a stored record is decoded from (decodeReply reads no other), as a list page asks for them. */
export const RECORD_FIELDS = [
  "version",
  "etag",
  "canonical",
  "owner",
  "createdAt",
  "updatedAt",
  "withdrawn",
  "writeId",
];

// KEYS: record, feed, label-url index (lexicographic "url recordKey"), listing index (sorted set, lexicographic "scheme|id"), expiry schedule (sorted
// set: record key by valid-until day), holder index (lexicographic "holder|scheme|id").
// ARGV: mode (put|withdraw), tags (comma-joined strong tags, "" = no If-Match), ifNoneMatch ("*" or ""), canonical
// JSON, owner, now (ISO), minId (retention), scheme, id, normalised label URL (""), valid-until date (""), its day
// number, holder key (see holderKey).
const WRITE = `
local cur = redis.call('HMGET', KEYS[1], 'version', 'etag', 'owner', 'createdAt', 'holder', 'labelUrl', 'withdrawn')
local exists = cur[1] ~= false
local mode, tags, inm = ARGV[1], ARGV[2], ARGV[3]
if mode == 'withdraw' and not exists then return {'not-found'} end
-- Withdrawal is idempotent: the state asked for already holds, whatever If-Match names — no version, no feed entry.
if mode == 'withdraw' and cur[7] == '1' then return {'already-withdrawn'} end
if inm == '*' and exists then return {'precondition-failed', cur[2]} end
if exists and tags == '' and inm ~= '*' then return {'precondition-required', cur[2]} end
if tags ~= '' then
  if not exists then return {'precondition-failed', ''} end
  local matched = false
  for tag in string.gmatch(tags, '[^,]+') do
    if tag == '*' or tag == cur[2] then matched = true end
  end
  if not matched then return {'precondition-failed', cur[2]} end
end
local version = (exists and tonumber(cur[1]) or 0) + 1
local etag = '"v' .. version .. '"'
local owner = exists and cur[3] or ARGV[5]
local created = exists and cur[4] or ARGV[6]
if mode == 'withdraw' then
  redis.call('HSET', KEYS[1], 'version', version, 'etag', etag, 'updatedAt', ARGV[6], 'withdrawn', '1')
  redis.call('HDEL', KEYS[1], 'writeId')
  redis.call('ZREM', KEYS[5], KEYS[1])
else
  -- One HSET for the record and the index keys it remembers (label URL, valid-until, holder) to move them later.
  redis.call('HSET', KEYS[1], 'version', version, 'etag', etag, 'owner', owner, 'createdAt', created,
    'updatedAt', ARGV[6], 'withdrawn', '0', 'canonical', ARGV[4], 'labelUrl', ARGV[10], 'validUntil', ARGV[11],
    'holder', ARGV[13])
  if ARGV[14] ~= '' then redis.call('HSET', KEYS[1], 'writeId', ARGV[14]) else redis.call('HDEL', KEYS[1], 'writeId') end
  if cur[6] and cur[6] ~= ARGV[10] then redis.call('ZREM', KEYS[3], cur[6] .. ' ' .. KEYS[1]) end
  if ARGV[10] ~= '' then redis.call('ZADD', KEYS[3], 0, ARGV[10] .. ' ' .. KEYS[1]) end
  if not exists then redis.call('ZADD', KEYS[4], 0, ARGV[8] .. '|' .. ARGV[9]) end
  if ARGV[11] ~= '' then redis.call('ZADD', KEYS[5], ARGV[12], KEYS[1]) else redis.call('ZREM', KEYS[5], KEYS[1]) end
  local entry = ARGV[8] .. '|' .. ARGV[9]
  if cur[5] and cur[5] ~= ARGV[13] then redis.call('ZREM', KEYS[6], cur[5] .. '|' .. entry) end
  redis.call('ZADD', KEYS[6], 0, ARGV[13] .. '|' .. entry)
end
local kind = mode == 'withdraw' and 'withdrawn' or (exists and 'updated' or 'created')
local id = redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[7], '*', 'type', kind, 'scheme', ARGV[8],
  'registrationId', ARGV[9], 'version', version, 'at', ARGV[6])
return {'ok', tostring(version), id, exists and '0' or '1', etag, owner, created}
`;

// KEYS: record, feed, expiry schedule. ARGV: today's day number, now (ISO), minId, scheme, id.
// Expires a record once: still scheduled, still not withdrawn, and its valid-until day still before today.
const EXPIRE = `
if redis.call('HGET', KEYS[1], 'withdrawn') ~= '0' then redis.call('ZREM', KEYS[3], KEYS[1]) return 0 end
local score = redis.call('ZSCORE', KEYS[3], KEYS[1])
if not score or tonumber(score) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZREM', KEYS[3], KEYS[1])
local version = redis.call('HGET', KEYS[1], 'version')
redis.call('XADD', KEYS[2], 'MINID', '~', ARGV[3], '*', 'type', 'expired', 'scheme', ARGV[4],
  'registrationId', ARGV[5], 'version', version, 'at', ARGV[2])
return 1
`;

/**
 * ok, version, feed id, created ("1"/"0"), etag, owner, createdAt — or already-withdrawn (nothing written), or an
 * error kind and the current etag.
 */
type WriteReply = [string, string?, string?, string?, string?, string?, string?];

export interface RedisRecordStoreOptions {
  /** Hears of each undecodable value once (at error), with its key. */
  logger?: Logger;
  /**
   * The cluster layout (redis-keys.ts): records, indexes and the feed in this many partitions, each on its own slot;
   * the feed's cursor names a position per partition (feed-cursor.ts). Unset: the single-node layout.
   */
  partitions?: number;
  /** Acknowledge a write only once WAIT says this many replicas have it (redis-replication.ts); 0 = do not wait. */
  waitReplicas?: number;
  /** How long WAIT may take before the write is answered 503 (possibly applied). */
  waitTimeoutMs?: number;
  /**
   * A second connection (the client's `duplicate()`, owned and closed by the caller) for the writes that WAIT. A WAIT
   * that cannot be satisfied blocks its connection until its timeout, and Redis answers a connection's commands in
   * order, so on a shared connection every read for that node would queue behind it. Unset: `client` is used.
   */
  writeClient?: RedisClient;
  /** How long a write is retried while its slot moves between masters before SlotMoving (redis-redirections.ts). */
  slotMoveRetryMs?: number;
}

/**
 * The durable record store on Redis (run with `appendonly yes`, `appendfsync always`: a write is acknowledged only
 * after Redis has it on disk). A record is a hash; every write is one Lua script — precondition check, write and
 * change-feed entry together — so there is no window in which a write lands without its feed entry or two writers
 * both pass the same If-Match. The feed is a stream whose entry ids are the cursors, trimmed to the retention window.
 * Key names: redis-keys.ts.
 */
export class RedisRecordStore implements RecordStore {
  readonly durable = true;
  private readonly undecodable: UndecodableValues;
  /** The server's persistence settings as last read (see checkDurability); shown by /readyz. */
  private lastDurability: Durability | undefined;

  private readonly parts: Partition[];
  /** The cluster layout: composite feed cursors, scans per partition. */
  private readonly composite: boolean;
  private readonly waitReplicas: number;
  /** Runs the write script (and its WAIT); `client` unless a writeClient was given. */
  private readonly writer: RedisClient;
  private readonly waitTimeoutMs: number;
  private readonly slotMoveRetryMs: number;
  private layout: Promise<void> | undefined;
  private layoutError: LayoutMismatch | undefined;

  constructor(
    private readonly client: RedisClient,
    options: RedisRecordStoreOptions = {},
  ) {
    this.undecodable = new UndecodableValues(options.logger);
    this.parts = options.partitions === undefined ? [SINGLE] : clusterPartitions(options.partitions);
    this.composite = options.partitions !== undefined;
    this.waitReplicas = options.waitReplicas ?? 0;
    this.writer = options.writeClient ?? client;
    if (this.writer !== client) this.writer.defineCommand("kakehashiWrite", { numberOfKeys: 6, lua: WRITE });
    this.waitTimeoutMs = options.waitTimeoutMs ?? 1000;
    this.slotMoveRetryMs = options.slotMoveRetryMs ?? 2000;
    client.defineCommand("kakehashiWrite", { numberOfKeys: 6, lua: WRITE });
    client.defineCommand("kakehashiExpire", { numberOfKeys: 3, lua: EXPIRE });
    client.defineCommand("kakehashiQuarantine", { numberOfKeys: 6, lua: QUARANTINE });
  }

  /** The partition a record's keys are in. */
  private partFor(scheme: string, registrationId: string): Partition {
    return this.parts[partitionOf(scheme, registrationId, this.parts.length)] as Partition;
  }

  private keyOf(scheme: string, registrationId: string): string {
    return this.partFor(scheme, registrationId).recordKey(scheme, registrationId);
  }

  /**
   * The cluster layout's partition count, checked against the one the data was written with before the first
   * operation (redis-layout.ts) and remembered once it matches. A mismatch is kept and thrown by every operation;
   * a Redis error is not kept, so the next operation checks again.
   */
  checkLayout(): Promise<void> {
    if (!this.composite) return Promise.resolve();
    this.layout ??= checkPartitionLayout(this.client, this.parts.length).catch((error: unknown) => {
      if (error instanceof LayoutMismatch) this.layoutError = error;
      else this.layout = undefined;
      throw error;
    });
    return this.layout;
  }

  private async layoutChecked(): Promise<void> {
    if (this.composite) await this.checkLayout();
  }

  health(): ComponentHealth {
    const detail = this.lastDurability ? `redis, ${this.lastDurability.detail}` : "redis";
    if (this.layoutError) return { name: "record-store", status: "down", detail: this.layoutError.message };
    const down = [this.client, this.writer].find((connection) => connection.status !== "ready");
    return down === undefined
      ? withUndecodable({ name: "record-store", status: "up", detail }, this.undecodable.describe())
      : { name: "record-store", status: "down", detail: `redis ${down.status}: writes answer 503` };
  }

  /**
   * Reads the server's persistence settings (CONFIG GET append*) and keeps them for /readyz. The Node entry calls it
   * on every (re)connection — a restarted Redis may come back configured otherwise — and refuses to start on a
   * non-durable one when REDIS_REQUIRE_DURABLE is set.
   */
  async checkDurability(): Promise<Durability> {
    this.lastDurability = await readDurability(this.client);
    return this.lastDurability;
  }

  async get(scheme: string, registrationId: string): Promise<StoredRecord | undefined> {
    await this.layoutChecked();
    const found = await this.read(scheme, registrationId);
    if (found && "reason" in found) throw undecodableConflict(found);
    return found;
  }

  /** A record, undefined when there is none, or what is wrong with the value at its key. */
  private async read(scheme: string, registrationId: string): Promise<StoredRecord | Undecodable | undefined> {
    const key = this.keyOf(scheme, registrationId);
    const reply = await this.client.hgetall(key).then(
      (hash) => ({ hash }),
      (error: Error) => ({ error }),
    );
    return this.decodeReply(key, scheme, registrationId, reply);
  }

  /**
   * Several records in one pipelined round trip (a list page: one HMGET of the record's fields each, sent together),
   * decoded one by one as read() does — an undecodable value is reported and named, never failing the others.
   */
  private async readMany(
    ids: { scheme: string; registrationId: string }[],
  ): Promise<(StoredRecord | Undecodable | undefined)[]> {
    if (ids.length === 0) return [];
    if (this.composite) return this.readEach(ids);
    // One pipeline for the page (a single node serves every key).
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hmget(this.keyOf(id.scheme, id.registrationId), ...RECORD_FIELDS);
    const replies = (await pipeline.exec()) ?? [];
    return Promise.all(
      ids.map(({ scheme, registrationId }, index) => {
        const [error, values] = replies[index] ?? [new Error("no reply in the pipeline"), undefined];
        return this.decodeFields(scheme, registrationId, error ? { error } : { values: values as (string | null)[] });
      }),
    );
  }

  /**
   * A cluster's page: one HMGET per record, sent together (ioredis writes them to each node's connection without
   * waiting, so this is still one round trip per node). Not a pipeline: while a slot is being moved, ioredis re-sends
   * a whole pipeline to the node named by an ASK redirection, where the keys still on the old node read as missing —
   * a page would silently lose records (test/store/record-store-cluster-reshard.test.ts). A single command follows
   * its own ASK.
   */
  private async readEach(
    ids: { scheme: string; registrationId: string }[],
  ): Promise<(StoredRecord | Undecodable | undefined)[]> {
    return Promise.all(
      ids.map(async ({ scheme, registrationId }) => {
        const reply = await this.client.hmget(this.keyOf(scheme, registrationId), ...RECORD_FIELDS).then(
          (values) => ({ values }),
          (error: Error) => ({ error }),
        );
        return this.decodeFields(scheme, registrationId, reply);
      }),
    );
  }

  /**
   * One HMGET's reply (RECORD_FIELDS' values) decoded as decodeReply decodes a whole hash. A page reads these fields
   * only, not HGETALL's every field as an object: the record's index fields (holder, label URL, valid-until) are not
   * sent, and no object is built per reply (the client's HGETALL transform cost more than the parse of the record,
   * docs/decisions.md). No field at all is a missing key or a hash of other fields — rare, so HGETALL tells them apart
   * as a single read does, and a hash that is not a record is still reported, not taken for a missing one.
   */
  private async decodeFields(
    scheme: string,
    registrationId: string,
    reply: { values: (string | null)[] } | { error: Error },
  ): Promise<StoredRecord | Undecodable | undefined> {
    const key = this.keyOf(scheme, registrationId);
    if ("error" in reply) return this.decodeReply(key, scheme, registrationId, reply);
    const hash: Record<string, string> = {};
    RECORD_FIELDS.forEach((field, index) => {
      const value = reply.values[index];
      if (typeof value === "string") hash[field] = value;
    });
    if (Object.keys(hash).length === 0) return this.read(scheme, registrationId);
    return this.decodeReply(key, scheme, registrationId, { hash });
  }

  /** One HGETALL's reply as a record, undefined (no such key), or undecodable; a store failure is thrown. */
  private decodeReply(
    key: string,
    scheme: string,
    registrationId: string,
    reply: { hash: Record<string, string> } | { error: Error },
  ): StoredRecord | Undecodable | undefined {
    if ("error" in reply) {
      // Something other than a hash at the key (a plain string, a list): that value is corrupt, not the store down.
      if (!/^WRONGTYPE/.test(reply.error.message)) throw reply.error;
      return this.reportUndecodable({ key, scheme, registrationId, reason: "not a hash" });
    }
    const hash = reply.hash;
    if (Object.keys(hash).length === 0) {
      this.undecodable.forget(key);
      return undefined;
    }
    const decoded = decodeStoredRecord({
      scheme,
      registrationId,
      version: /^\d{1,15}$/.test(hash.version ?? "") ? Number(hash.version) : hash.version,
      etag: hash.etag,
      canonical: parseJson(hash.canonical),
      owner: hash.owner === "" ? null : hash.owner,
      createdAt: hash.createdAt,
      updatedAt: hash.updatedAt,
      withdrawn: hash.withdrawn === "1" ? true : hash.withdrawn === "0" ? false : hash.withdrawn,
      ...(hash.writeId !== undefined ? { writeId: hash.writeId } : {}),
    });
    if (!decoded.ok) return this.reportUndecodable({ key, scheme, registrationId, reason: decoded.reason });
    this.undecodable.forget(key);
    return decoded.value;
  }

  private reportUndecodable(value: Undecodable): Undecodable {
    this.undecodable.report(value);
    return value;
  }

  async put(input: PutInput): Promise<{ record: StoredRecord; created: boolean }> {
    await this.layoutChecked();
    const reply = await this.write("put", input.scheme, input.registrationId, {
      tags: input.ifMatch === undefined ? "" : strongTags(input.ifMatch).join(",") || "\u0000",
      ifNoneMatch: input.ifNoneMatch ?? "",
      canonical: JSON.stringify(input.canonical),
      owner: input.owner ?? "",
      now: input.now,
      labelUrl: (input.canonical.urls.registry && normaliseLabelUrl(input.canonical.urls.registry)) || "",
      validUntil: input.canonical.dates.validUntil ?? "",
      holder: holderKey(input.canonical.holder.name),
      writeId: input.writeId ?? "",
    });
    // The script returns what it stored, so no second round trip reads it back.
    const [, version, , created, etag, owner, createdAt] = reply;
    return {
      record: {
        scheme: input.scheme,
        registrationId: input.registrationId,
        version: Number(version),
        etag: etag ?? "",
        canonical: input.canonical,
        owner: owner ? owner : null,
        createdAt: createdAt ?? input.now,
        updatedAt: input.now,
        withdrawn: false,
        ...(input.writeId !== undefined ? { writeId: input.writeId } : {}),
      },
      created: created === "1",
    };
  }

  async withdraw(input: {
    scheme: string;
    registrationId: string;
    ifMatch: string;
    now: string;
  }): Promise<StoredRecord> {
    await this.layoutChecked();
    await this.write("withdraw", input.scheme, input.registrationId, {
      tags: strongTags(input.ifMatch).join(",") || "\u0000",
      ifNoneMatch: "",
      canonical: "",
      owner: "",
      now: input.now,
      labelUrl: "",
      validUntil: "",
      holder: "",
      writeId: "",
    });
    const record = await this.get(input.scheme, input.registrationId);
    if (!record) throw new Error("a record withdrawn by the store script could not be read back");
    return record;
  }

  async list(
    filter: { scheme?: string | undefined; holder?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<{ records: StoredRecord[]; next: string | null; undecodable: Undecodable[] }> {
    await this.layoutChecked();
    checkListCursor(cursor);
    // Lexicographic ranges: over "scheme|id" in the listing index, or "holder|scheme|id" in the holder index.
    const prefix = filter.holder !== undefined ? `${holderKey(filter.holder)}|` : "";
    const scope = `${prefix}${filter.scheme !== undefined ? `${filter.scheme}|` : ""}`;
    const low = cursor !== undefined ? `(${prefix}${cursor}` : scope ? `[${scope}` : "-";
    const high = scope ? `[${scope}\xff` : "+";
    // Each partition's first limit + 1 entries after the cursor hold the page's: merged in Redis's byte order.
    const reads = await Promise.all(
      this.parts.map((part) =>
        this.client.zrangebylex(
          filter.holder !== undefined ? part.holders : part.listing,
          low,
          high,
          "LIMIT",
          0,
          limit + 1,
        ),
      ),
    );
    const members =
      reads.length === 1
        ? (reads[0] as string[])
        : reads
            .flat()
            .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
            .slice(0, limit + 1);
    const records: StoredRecord[] = [];
    const undecodable: Undecodable[] = [];
    const page = members.slice(0, limit).map((member) => member.slice(prefix.length));
    // One round trip for the page's records, not one per record: a 500-record page was 500 sequential HGETALLs.
    const ids = page.map((entry) => {
      const [scheme = "", ...rest] = entry.split("|");
      return { scheme, registrationId: rest.join("|") };
    });
    for (const found of await this.readMany(ids)) {
      if (found && "reason" in found) undecodable.push(found);
      else if (found) records.push(found);
    }
    // The cursor is the last entry read, decodable or not, so the next page starts after a skipped one too.
    const last = page.at(-1);
    return { records, next: members.length > limit && last !== undefined ? last : null, undecodable };
  }

  async expireDue(today: string, now: string): Promise<number> {
    await this.layoutChecked();
    let count = 0;
    for (const part of this.parts) count += await this.expirePartition(part, today, now);
    return count;
  }

  private async expirePartition(part: Partition, today: string, now: string): Promise<number> {
    const todayDay = Date.parse(`${today}T00:00:00Z`) / 86_400_000;
    const due = await this.client.zrangebyscore(part.expiries, "-inf", `(${todayDay}`, "LIMIT", 0, 1000);
    const client = this.client as unknown as { kakehashiExpire: (...args: string[]) => Promise<number> };
    const minId = `${Date.parse(now) - FEED_RETENTION_MS}-0`;
    let count = 0;
    for (const key of due) {
      const match = RECORD_KEY.exec(key);
      if (!match) continue;
      // A corrupt record is reported and stepped over (it stays scheduled, so a repaired one still expires).
      const found = await this.read(match[1] ?? "", match[2] ?? "");
      if (found && "reason" in found) continue;
      count += await client.kakehashiExpire(
        key,
        part.feed,
        part.expiries,
        String(todayDay),
        now,
        minId,
        match[1] ?? "",
        match[2] ?? "",
      );
    }
    return count;
  }

  async findByUrl(url: string): Promise<StoredRecord[]> {
    await this.layoutChecked();
    const normalised = normaliseLabelUrl(url);
    if (!normalised) return [];
    const keys = new Set<string>();
    await Promise.all(
      this.parts.map(async (part) => {
        const [members, legacy] = await Promise.all([
          this.client.zrangebylex(part.urls, `[${normalised} `, `[${normalised} \xff`),
          part.legacyUrls ? this.client.hget(part.legacyUrls, normalised) : null,
        ]);
        for (const member of members) keys.add(member.slice(normalised.length + 1));
        if (legacy) keys.add(legacy);
      }),
    );
    const found: StoredRecord[] = [];
    for (const key of keys) {
      const match = RECORD_KEY.exec(key);
      const record = match ? await this.read(match[1] ?? "", match[2] ?? "") : undefined;
      if (record && "reason" in record) continue;
      if (currentUrlMatch(record, normalised)) found.push(record as StoredRecord);
    }
    return found;
  }

  async changes(
    since: string | undefined,
    limit: number,
    now: number,
  ): Promise<{ changes: Change[]; next: string | null; undecodable: Undecodable[] }> {
    await this.layoutChecked();
    if (this.composite) return this.mergedChanges(since, limit, now);
    if (since !== undefined) {
      checkCursor(since, now);
    }
    const feed = SINGLE.feed;
    const entries = (await this.client.xrange(feed, since === undefined ? "-" : `(${since}`, "+", "COUNT", limit)) as [
      string,
      string[],
    ][];
    const { changes, undecodable } = this.decodeEntries(entries.map((raw) => ({ feed, raw })));
    // Past the last entry read, skipped or not: a client never reads the same bad entry again.
    return { changes, next: entries.at(-1)?.[0] ?? since ?? null, undecodable };
  }

  /**
   * The cluster layout's feed: each partition read after its own position, merged in stream-id order
   * (feed-cursor.ts); the cursor after the page names every partition's position.
   */
  private async mergedChanges(
    since: string | undefined,
    limit: number,
    now: number,
  ): Promise<{ changes: Change[]; next: string | null; undecodable: Undecodable[] }> {
    const positions: StreamId[] =
      since === undefined
        ? this.parts.map(() => ({ ms: 0, seq: 0 }))
        : parseCompositeCursor(since, this.parts.length, now);
    // Each partition's share of a page, with room for uneven ones; the merge stops where any full read ends.
    const fetched = Math.min(limit, Math.max(10, Math.ceil((limit / this.parts.length) * 2)));
    const reads = await Promise.all(
      this.parts.map(async (part, index): Promise<FeedEntry[]> => {
        const position = positions[index] as StreamId;
        const start = compareIds(position, { ms: 0, seq: 0 }) === 0 ? "-" : `(${position.ms}-${position.seq}`;
        const entries = (await this.client.xrange(part.feed, start, "+", "COUNT", fetched)) as [string, string[]][];
        return entries.map((raw) => {
          const [ms = "0", seq = "0"] = raw[0].split("-");
          return { partition: index, id: { ms: Number(ms), seq: Number(seq) }, raw };
        });
      }),
    );
    const merged = mergePartitions(reads, fetched, limit, positions);
    // Each change's cursor resumes right after it: every partition's position up to and including it.
    const running = [...positions];
    const { changes, undecodable } = this.decodeEntries(
      merged.page.map((entry) => {
        running[entry.partition] = entry.id;
        const feed = (this.parts[entry.partition] as Partition).feed;
        return { feed, raw: entry.raw, cursor: formatCompositeCursor(running) };
      }),
    );
    const next = merged.page.length > 0 ? formatCompositeCursor(merged.positions) : (since ?? null);
    return { changes, next, undecodable };
  }

  /** Stream entries as changes; one that does not decode is reported and named instead. */
  private decodeEntries(entries: { feed: string; raw: [string, string[]]; cursor?: string }[]): {
    changes: Change[];
    undecodable: Undecodable[];
  } {
    const changes: Change[] = [];
    const undecodable: Undecodable[] = [];
    for (const { feed, raw, cursor: resume } of entries) {
      const [id, fields] = raw;
      const cursor = resume ?? id;
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i] as string] = fields[i + 1] as string;
      const decoded = decodeChange({
        cursor,
        type: f.type,
        scheme: f.scheme,
        registrationId: f.registrationId,
        version: /^\d{1,15}$/.test(f.version ?? "") ? Number(f.version) : f.version,
        at: f.at,
      });
      if (decoded.ok) changes.push(decoded.value);
      else {
        const entry = { key: `${feed} ${id}`, scheme: f.scheme ?? "", registrationId: f.registrationId ?? "" };
        undecodable.push(this.reportUndecodable({ ...entry, cursor, reason: decoded.reason }));
      }
    }
    return { changes, undecodable };
  }

  async scanUndecodable(cursor: string | undefined, limit: number): Promise<UndecodableScanPage> {
    await this.layoutChecked();
    const { keys, next } = this.composite
      ? await scanPartitionKeys(this.client, this.parts, cursor, limit)
      : await scanRecordKeys(this.client as Redis, SINGLE, cursor, limit);
    const values = await readRawValues(this.client, keys);
    const undecodable = keys.flatMap((key, index) => {
      const found = this.judge(key, values[index] as RawValue);
      return found ? [found] : [];
    });
    return { undecodable, next, scanned: keys.length };
  }

  /**
   * What is wrong with a raw value at a record key, or undefined when it decodes (or is gone). A value at a key that
   * names no record is listed but not counted for /readyz: no read ever meets it, so nothing would forget it.
   */
  private judge(key: string, value: RawValue): ScannedUndecodable | undefined {
    if (value.type === "none") {
      this.undecodable.forget(key);
      return undefined;
    }
    const match = RECORD_KEY.exec(key);
    if (!match) {
      const reason = "the key names no record (kakehashi:{kakehashi}:record:<scheme>:<registration id>)";
      return { key, scheme: null, registrationId: null, reason };
    }
    const [, scheme = "", registrationId = ""] = match;
    const found =
      value.type === "hash"
        ? this.decodeReply(key, scheme, registrationId, { hash: value.hash ?? {} })
        : this.reportUndecodable({ key, scheme, registrationId, reason: `a ${value.type}, not a hash` });
    return found && "reason" in found ? { key, scheme, registrationId, reason: found.reason } : undefined;
  }

  async quarantine(scheme: string, registrationId: string, now: string): Promise<Quarantined> {
    await this.layoutChecked();
    const part = this.partFor(scheme, registrationId);
    const key = part.recordKey(scheme, registrationId);
    const client = this.client as unknown as { kakehashiQuarantine: (...args: (string | Buffer)[]) => Promise<string> };
    // A value repaired between the judging and the move is left where it is; a changed one is judged again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [value] = await readRawValues(this.client, [key]);
      const found = value && value.dump !== null ? this.judge(key, value) : undefined;
      if (!value || value.dump === null || value.type === "none") {
        this.undecodable.forget(key);
        throw new StoreConflict(
          "not-found",
          `nothing is stored for ${scheme}/${registrationId} (already quarantined?)`,
        );
      }
      if (!found) {
        throw new StoreConflict(
          "decodable",
          `${scheme}/${registrationId} decodes: it is a record, not a corrupt value — withdraw it instead`,
        );
      }
      // The quarantine key names the time; a second move within the same millisecond takes the next one.
      const at = Date.parse(now) + attempt;
      const target = part.quarantineKey(scheme, registrationId, at);
      const entry = `${scheme}|${registrationId}`;
      const indexes = [part.listing, part.expiries, part.urls, part.holders];
      const reply = await client.kakehashiQuarantine(key, target, ...indexes, value.dump, entry);
      if (reply === "ok") {
        this.undecodable.forget(key);
        const quarantinedAt = new Date(at).toISOString();
        return { scheme, registrationId, key, quarantineKey: target, reason: found.reason, quarantinedAt };
      }
      if (reply === "not-found") {
        this.undecodable.forget(key);
        throw new StoreConflict(
          "not-found",
          `nothing is stored for ${scheme}/${registrationId} (already quarantined?)`,
        );
      }
    }
    throw new Error(`the value at ${key} kept changing while it was being quarantined`);
  }

  /**
   * The write script — followed, under REDIS_WAIT_REPLICAS, by WAIT in the same pipeline, so it reaches the master
   * that ran the script (a cluster sends a keyless command to the pipeline's node). Both go over the writer's
   * connection, so reads never queue behind a WAIT; a read sent after a write was acknowledged still sees it (Redis
   * ran the script before it answered).
   *
   * While the record's slot moves between masters (a reshard), Redis answers the script with a redirection instead of
   * running it: ASK (the keys are on the new master), TRYAGAIN (they are split between the two — the script needs
   * all six on one node) or MOVED. A script Redis did not run wrote nothing, so sending it again is safe. ioredis
   * follows these for a lone command, but not inside a pipeline whose other command (WAIT) succeeded, so the store
   * follows them itself: ASK and MOVED to the named node (with ASKING for ASK), TRYAGAIN after a pause, NOSCRIPT
   * (see redirectionOf) with the script's text, until
   * `slotMoveRetryMs` has passed — then SlotMoving, a 503 at the API, with nothing written.
   */
  private async runWrite(keys: string[], args: string[]): Promise<WriteReply> {
    const giveUpAt = Date.now() + this.slotMoveRetryMs;
    let via: { node: Redis; asking: boolean } | undefined;
    let plain = false;
    for (;;) {
      const outcome = await this.tryWrite(keys, args, via, plain).then(
        (reply) => ({ reply }),
        (error: unknown) => ({ error }),
      );
      if ("reply" in outcome) return outcome.reply;
      const redirection = redirectionOf(outcome.error);
      if (!redirection || !this.composite) throw outcome.error;
      if (Date.now() >= giveUpAt) throw new SlotMoving(String((outcome.error as Error).message ?? outcome.error));
      if (redirection.kind === "noscript") {
        plain = true;
        continue;
      }
      const node =
        redirection.kind === "ask" || redirection.kind === "moved"
          ? this.masterAt(redirection.host, redirection.port)
          : undefined;
      if (redirection.kind === "moved" || (redirection.kind === "ask" && !node)) {
        (this.writer as Cluster).refreshSlotsCache();
      }
      if (node) {
        via = { node, asking: redirection.kind === "ask" };
      } else {
        via = undefined;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The writer's connection to the master at host:port, when the cluster client knows that node. */
  private masterAt(host: string, port: number): Redis | undefined {
    return (this.writer as Cluster)
      .nodes("master")
      .find((node) => node.options.host === host && node.options.port === port);
  }

  /** One attempt: through the cluster's slot map, or on the node a redirection named. */
  private async tryWrite(
    keys: string[],
    args: string[],
    via: { node: Redis; asking: boolean } | undefined,
    plain: boolean,
  ): Promise<WriteReply> {
    if (via === undefined && this.waitReplicas === 0) {
      if (plain) return (await this.writer.eval(WRITE, keys.length, ...keys, ...args)) as WriteReply;
      const client = this.writer as unknown as { kakehashiWrite: (...args: string[]) => Promise<WriteReply> };
      return client.kakehashiWrite(...keys, ...args);
    }
    let replies: [Error | null, unknown][];
    if (via !== undefined) {
      const pipeline = via.node.pipeline();
      if (via.asking) pipeline.asking();
      pipeline.eval(WRITE, keys.length, ...keys, ...args);
      if (this.waitReplicas > 0) pipeline.wait(this.waitReplicas, this.waitTimeoutMs);
      replies = ((await pipeline.exec()) ?? []).slice(via.asking ? 1 : 0);
    } else {
      const pipeline = this.writer.pipeline() as unknown as {
        kakehashiWrite(...args: string[]): unknown;
        eval(script: string, count: number, ...args: string[]): unknown;
        wait(replicas: number, timeout: number): unknown;
        exec(): Promise<[Error | null, unknown][] | null>;
      };
      if (plain) pipeline.eval(WRITE, keys.length, ...keys, ...args);
      else pipeline.kakehashiWrite(...keys, ...args);
      pipeline.wait(this.waitReplicas, this.waitTimeoutMs);
      replies = (await pipeline.exec()) ?? [];
    }
    const [writeError, reply] = replies[0] ?? [new Error("no reply in the pipeline"), undefined];
    if (writeError) throw writeError;
    const written = reply as WriteReply;
    // Nothing was written (a refused precondition, an already withdrawn record): nothing to wait for.
    if (written[0] !== "ok" || this.waitReplicas === 0) return written;
    awaitReplicas(replies[1], this.waitReplicas, this.waitTimeoutMs);
    return written;
  }

  private async write(
    mode: "put" | "withdraw",
    scheme: string,
    registrationId: string,
    args: {
      tags: string;
      ifNoneMatch: string;
      canonical: string;
      owner: string;
      now: string;
      labelUrl: string;
      validUntil: string;
      holder: string;
      writeId: string;
    },
  ): Promise<WriteReply> {
    const minId = `${Date.parse(args.now) - FEED_RETENTION_MS}-0`;
    const part = this.partFor(scheme, registrationId);
    const keys = [
      part.recordKey(scheme, registrationId),
      part.feed,
      part.urls,
      part.listing,
      part.expiries,
      part.holders,
    ];
    const writeArgs = [
      mode,
      args.tags,
      args.ifNoneMatch,
      args.canonical,
      args.owner,
      args.now,
      minId,
      scheme,
      registrationId,
      args.labelUrl,
      args.validUntil,
      args.validUntil ? String(Date.parse(`${args.validUntil}T00:00:00Z`) / 86_400_000) : "0",
      args.holder,
      args.writeId,
    ];
    const reply = await this.runWrite(keys, writeArgs);
    if (reply[0] === "ok" || reply[0] === "already-withdrawn") return reply;
    const current = reply[1] ? await this.get(scheme, registrationId) : undefined;
    const messages: Record<string, string> = {
      "not-found": `no record ${scheme}/${registrationId}`,
      "precondition-failed": current ? `the record is at ${current.etag}` : "no such record to match",
      "precondition-required": "replacing a record needs If-Match with its current ETag",
    };
    throw new StoreConflict(reply[0] as StoreConflict["kind"], messages[reply[0]] ?? reply[0], current);
  }
}

/** JSON text as a value; undefined (which then fails to decode) when it is absent or not JSON. */
function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
