// What the live endpoint and the daily digest read: the latest evaluation of each target (one row,
// replaced every run) and hourly rollups per target (one row per target and hour, merged under ETag
// so overlapping runs never lose each other's minutes). Values are opaque JSON chosen by the caller.
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { fromChunks, toChunks } from './json-chunks.js';
import { isWriteConflict, storageStatus } from './storage-status.js';
import { targetKey } from './target-key.js';

/** The digest compares a day with the day before and draws a week's trend: keep at least two weeks. */
export const MIN_ROLLUP_RETENTION_IN_DAYS = 14;

const LATEST_ROW = 'latest';
const HOUR_PREFIX = 'hour-';
const HOUR_END = 'hour.';

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
}

export interface PurgeOptions {
  now?: Date;
}

export interface SnapshotStore<S, R> {
  putLatest(targetId: string, value: S, options?: { now?: Date }): Promise<void>;
  getLatest(targetId: string): Promise<LatestSnapshot<S> | null>;
  listLatest(): Promise<Array<LatestSnapshot<S>>>;
  /** Applies `mutate` to the hour's rollup (null for a new hour) and stores the result; retried on a concurrent write. */
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

  const toLatest = (row: Row): LatestSnapshot<S> => ({ targetId: String(row.targetId), value: parseSnapshot(fromChunks(row)), updatedAt: String(row.updatedAt) });
  const toHour = (row: Row): HourRollup<R> => ({ targetId: String(row.targetId), hourStart: String(row.hourStart), value: parseRollup(fromChunks(row)) });

  async function readRow(partitionKey: string, rowKey: string): Promise<Row | null> {
    try {
      return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (storageStatus(error) === 404) return null;
      throw error;
    }
  }

  return {
    async putLatest(targetId, value, putOptions = {}) {
      const updatedAt = (putOptions.now ?? new Date()).toISOString();
      await table.upsertEntity({ partitionKey: targetKey(targetId), rowKey: LATEST_ROW, targetId, updatedAt, ...toChunks(value) }, 'Replace');
    },

    async getLatest(targetId) {
      const row = await readRow(targetKey(targetId), LATEST_ROW);
      return row ? toLatest(row) : null;
    },

    async listLatest() {
      const latest: Array<LatestSnapshot<S>> = [];
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`RowKey eq ${LATEST_ROW}` } })) {
        latest.push(toLatest(row));
      }
      return latest;
    },

    async updateHour(targetId, hourStartIso, mutate) {
      const hourStart = hourStartOf(hourStartIso, 'hourStartIso');
      const partitionKey = targetKey(targetId);
      const rowKey = `${HOUR_PREFIX}${hourStart}`;
      for (let attempt = 1; attempt <= maxUpdateAttempts; attempt++) {
        const row = await readRow(partitionKey, rowKey);
        const next = mutate(row ? parseRollup(fromChunks(row)) : null);
        const entity = { partitionKey, rowKey, targetId, hourStart, ...toChunks(next) };
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
      const from = `${HOUR_PREFIX}${isoOf(fromIso, 'fromIso')}`;
      const to = `${HOUR_PREFIX}${isoOf(toIso, 'toIso')}`;
      const filter = odata`PartitionKey eq ${targetKey(targetId)} and RowKey ge ${from} and RowKey lt ${to}`;
      const hours: Array<HourRollup<R>> = [];
      for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) hours.push(toHour(row));
      return hours;
    },

    async purgeBefore(iso, purgeOptions = {}) {
      const cutoff = isoOf(iso, 'iso');
      const now = purgeOptions.now ?? new Date();
      const oldestKept = new Date(now.getTime() - MIN_ROLLUP_RETENTION_IN_DAYS * 86_400_000).toISOString();
      if (cutoff > oldestKept) {
        throw new RangeError(`purgeBefore(${cutoff}) would delete rollups younger than ${MIN_ROLLUP_RETENTION_IN_DAYS} days (before ${oldestKept})`);
      }
      const filter = odata`RowKey ge ${HOUR_PREFIX} and RowKey lt ${`${HOUR_PREFIX}${cutoff}`}`;
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
    },
  };
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

/** Normalises an ISO timestamp so row keys compare as times; bad input gets a RangeError naming the argument. */
function isoOf(iso: string, name: string): string {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) throw new RangeError(`${name}: expected an ISO 8601 timestamp, got ${JSON.stringify(iso)}`);
  return date.toISOString();
}

function hourStartOf(iso: string, name: string): string {
  const normalised = isoOf(iso, name);
  if (!normalised.endsWith(':00:00.000Z')) throw new RangeError(`${name}: expected the start of an hour (…T13:00:00Z), got ${JSON.stringify(iso)}`);
  return normalised;
}
