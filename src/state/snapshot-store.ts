// What the live endpoint and the daily digest read: the latest evaluation of each target (one row,
// replaced every run) and hourly rollups per target (one row per target and hour, merged under ETag
// so overlapping runs never lose each other's minutes). Values are opaque JSON chosen by the caller.
// The rows live in the targets' partitions of the state table (snapshot-rows.ts), where the watch
// writes them with the alert state in one transaction (target-record-store.ts). Rows written before
// that stay in the old snapshots table (`legacy`) and are read from there: a target's row in the
// state table wins over its legacy row, and the daily purge removes legacy hours as they age out.
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { fromChunks } from './json-chunks.js';
import { HOUR_PREFIX, hourEntity, hourRowKey, hourStartOf, isoOf, LATEST_ROW, latestEntity } from './snapshot-rows.js';
import { isWriteConflict, storageStatus } from './storage-status.js';
import { targetKey } from './target-key.js';

/** The digest compares a day with the day before and draws a week's trend: keep at least two weeks. */
export const MIN_ROLLUP_RETENTION_IN_DAYS = 14;

export interface LatestSnapshot<S> {
  targetId: string;
  value: S;
  updatedAt: string;
}

export interface HourRollup<R> {
  targetId: string;
  hourStart: string;
  value: R;
}

export interface SnapshotStoreOptions<S, R> {
  parseSnapshot?: (value: unknown) => S;
  parseRollup?: (value: unknown) => R;
  /** Attempts of one updateHour against concurrent writers before it gives up. */
  maxUpdateAttempts?: number;
  /** The snapshots table of the layout before issue 11: read (never written), purged as its hours age out. */
  legacy?: TableClient;
}

export interface PurgeOptions {
  now?: Date;
}

export interface SnapshotStore<S, R> {
  putLatest(targetId: string, value: S, options?: { now?: Date }): Promise<void>;
  getLatest(targetId: string): Promise<LatestSnapshot<S> | null>;
  listLatest(): Promise<Array<LatestSnapshot<S>>>;
  /** Applies `mutate` to the hour's rollup in the state table (null for a new hour) and stores the result; retried on a concurrent write. */
  updateHour(targetId: string, hourStartIso: string, mutate: (previous: R | null) => R): Promise<R>;
  /** Rollups of one target with fromIso ≤ hourStart < toIso, oldest first. */
  listHours(targetId: string, fromIso: string, toIso: string): Promise<Array<HourRollup<R>>>;
  /** Deletes every rollup that started before `iso`; refuses to cut into the retention. Returns the count. */
  purgeBefore(iso: string, options?: PurgeOptions): Promise<number>;
}

type Row = TableEntityResult<Record<string, unknown>>;

export function createSnapshotStore<S, R>(table: TableClient, options: SnapshotStoreOptions<S, R> = {}): SnapshotStore<S, R> {
  const parseSnapshot = options.parseSnapshot ?? ((value: unknown) => value as S);
  const parseRollup = options.parseRollup ?? ((value: unknown) => value as R);
  const maxUpdateAttempts = options.maxUpdateAttempts ?? 8;
  const tables = options.legacy ? [table, options.legacy] : [table];

  const toLatest = (row: Row): LatestSnapshot<S> => ({ targetId: String(row.targetId), value: parseSnapshot(fromChunks(row)), updatedAt: String(row.updatedAt) });
  const toHour = (row: Row): HourRollup<R> => ({ targetId: String(row.targetId), hourStart: String(row.hourStart), value: parseRollup(fromChunks(row)) });

  /** Rows of every table, the state table's first; a key already seen is a legacy copy and skipped. */
  async function listAll(filter: string, keyOf: (row: Row) => string): Promise<Row[]> {
    const rows = new Map<string, Row>();
    for (const source of tables) {
      for await (const row of source.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const key = keyOf(row);
        if (!rows.has(key)) rows.set(key, row);
      }
    }
    return [...rows.values()];
  }

  return {
    async putLatest(targetId, value, putOptions = {}) {
      const updatedAt = (putOptions.now ?? new Date()).toISOString();
      await table.upsertEntity(latestEntity(targetKey(targetId), targetId, value, updatedAt), 'Replace');
    },

    async getLatest(targetId) {
      for (const source of tables) {
        const row = await readRow(source, targetKey(targetId), LATEST_ROW);
        if (row) return toLatest(row);
      }
      return null;
    },

    async listLatest() {
      return (await listAll(odata`RowKey eq ${LATEST_ROW}`, (row) => String(row.partitionKey))).map(toLatest);
    },

    async updateHour(targetId, hourStartIso, mutate) {
      const hourStart = hourStartOf(hourStartIso, 'hourStartIso');
      const partitionKey = targetKey(targetId);
      const rowKey = hourRowKey(hourStart);
      for (let attempt = 1; attempt <= maxUpdateAttempts; attempt++) {
        // The state table only: the watch writes its rollups through target-record-store.ts, which
        // carries an hour begun in the legacy table on; this path serves tools and tests.
        const row = await readRow(table, partitionKey, rowKey);
        const next = mutate(row ? parseRollup(fromChunks(row)) : null);
        const entity = hourEntity(partitionKey, targetId, hourStart, next);
        try {
          if (row) await table.updateEntity(entity, 'Replace', { etag: row.etag });
          else await table.createEntity(entity);
          return next;
        } catch (error) {
          if (!isWriteConflict(error)) throw error;
        }
      }
      throw new Error(`updateHour: ${maxUpdateAttempts} concurrent writes in a row to ${targetId} at ${hourStart}; giving up`);
    },

    async listHours(targetId, fromIso, toIso) {
      const from = hourRowKey(isoOf(fromIso, 'fromIso'));
      const to = hourRowKey(isoOf(toIso, 'toIso'));
      const filter = odata`PartitionKey eq ${targetKey(targetId)} and RowKey ge ${from} and RowKey lt ${to}`;
      const hours = (await listAll(filter, (row) => String(row.rowKey))).map(toHour);
      return hours.sort((a, b) => (a.hourStart < b.hourStart ? -1 : a.hourStart > b.hourStart ? 1 : 0));
    },

    async purgeBefore(iso, purgeOptions = {}) {
      const cutoff = isoOf(iso, 'iso');
      const now = purgeOptions.now ?? new Date();
      const oldestKept = new Date(now.getTime() - MIN_ROLLUP_RETENTION_IN_DAYS * 86_400_000).toISOString();
      if (cutoff > oldestKept) {
        throw new RangeError(`purgeBefore(${cutoff}) would delete rollups younger than ${MIN_ROLLUP_RETENTION_IN_DAYS} days (before ${oldestKept})`);
      }
      let deleted = 0;
      for (const source of tables) deleted += await purgeHours(source, cutoff);
      return deleted;
    },
  };
}

async function readRow(table: TableClient, partitionKey: string, rowKey: string): Promise<Row | null> {
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (error) {
    if (storageStatus(error) === 404) return null;
    throw error;
  }
}

/** Deletes the hour rows of one table that started before `cutoff`, a transaction per partition and 100 rows. */
async function purgeHours(table: TableClient, cutoff: string): Promise<number> {
  const filter = odata`RowKey ge ${HOUR_PREFIX} and RowKey lt ${hourRowKey(cutoff)}`;
  const byPartition = new Map<string, string[]>();
  for await (const row of table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
    const partitionKey = String(row.partitionKey);
    const rowKeys = byPartition.get(partitionKey) ?? [];
    rowKeys.push(String(row.rowKey));
    byPartition.set(partitionKey, rowKeys);
  }
  let deleted = 0;
  for (const [partitionKey, rowKeys] of byPartition) {
    for (let start = 0; start < rowKeys.length; start += MAX_TRANSACTION_ROWS) {
      deleted += await deleteRows(table, partitionKey, rowKeys.slice(start, start + MAX_TRANSACTION_ROWS));
    }
  }
  return deleted;
}

/** An entity-group transaction holds at most 100 operations, all in one partition. */
const MAX_TRANSACTION_ROWS = 100;

/** Deletes in one transaction; if a concurrent purge removed some rows first, row by row. */
async function deleteRows(table: TableClient, partitionKey: string, rowKeys: readonly string[]): Promise<number> {
  try {
    await table.submitTransaction(rowKeys.map((rowKey) => ['delete', { partitionKey, rowKey }]));
    return rowKeys.length;
  } catch (error) {
    if (storageStatus(error) !== 404) throw error;
  }
  let deleted = 0;
  for (const rowKey of rowKeys) {
    try {
      await table.deleteEntity(partitionKey, rowKey);
      deleted++;
    } catch (error) {
      if (storageStatus(error) !== 404) throw error;
    }
  }
  return deleted;
}
