// A target's whole record in its partition of the state table — alert state, outbox messages, latest
// snapshot, hour rollups — read once and then written in ONE entity-group transaction per watch turn
// (record-actions.ts). What was written is remembered in this process (record-cache.ts), so a steady
// run sends one request per target: the transaction, guarded by the state row's ETag (If-Match). When
// anyone else wrote the target since (another run, another instance, an acknowledgement), the guard
// fails with 412, nothing of the turn is written, and the caller reads afresh and decides again: two
// overlapping runs never queue the same notification twice.
// https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { fromChunks } from './json-chunks.js';
import { STATE_ROW } from './outbox-rows.js';
import { createRecordCache, NOTHING_KNOWN, type KnownRecord, type KnownRow, type RecordCache } from './record-cache.js';
import { recordActions, type RecordChange } from './record-actions.js';
import { HOUR_PREFIX, hourRowKey } from './snapshot-rows.js';
import { countersOf, NO_COUNTERS } from './state-row.js';
import { isWriteConflict, storageStatus } from './storage-status.js';
import { targetKey } from './target-key.js';

export interface TargetRecord<T, R> {
  state: T | null;
  /** The rollups of the hours asked for; null for an hour with none yet. */
  hours: Map<string, R | null>;
  /** Read from this process's memory (no request) or from the table. */
  source: 'memory' | 'table';
  /** The version read: pass the record back to write. */
  readonly known: KnownRecord;
}

export interface ReadRecordOptions {
  /** Skip the memory: after a conflict, the stored version is what counts. */
  fresh?: boolean;
}

export type WriteRecordResult = 'committed' | 'conflict';

export interface TargetRecordStore<T, S, R> {
  read(targetId: string, hourStarts: readonly string[], options?: ReadRecordOptions): Promise<TargetRecord<T, R>>;
  write(record: TargetRecord<T, R>, change: Omit<RecordChange, 'state' | 'latest' | 'hours'> & { state?: T; latest: S; hours: ReadonlyMap<string, R> }): Promise<WriteRecordResult>;
}

export interface TargetRecordStoreOptions<T, R> {
  parseState?: (value: unknown) => T;
  parseRollup?: (value: unknown) => R;
  /** The snapshots table of the layout before issue 11: an hour begun there goes on from its minutes. */
  legacy?: TableClient;
  /** Targets remembered between runs (least recently used dropped first); 0 reads before every write. */
  maxCachedTargets?: number;
  cache?: RecordCache;
}

type Row = TableEntityResult<Record<string, unknown>>;

export function createTargetRecordStore<T, S, R>(table: TableClient, options: TargetRecordStoreOptions<T, R> = {}): TargetRecordStore<T, S, R> {
  const parseState = options.parseState ?? ((value: unknown) => value as T);
  const parseRollup = options.parseRollup ?? ((value: unknown) => value as R);
  const cache = options.cache ?? createRecordCache(options.maxCachedTargets);

  function view(known: KnownRecord, hourStarts: readonly string[], source: TargetRecord<T, R>['source']): TargetRecord<T, R> {
    const hours = new Map(hourStarts.map((hour) => {
      const row = known.hours.get(hour);
      return [hour, row ? parseRollup(JSON.parse(row.json)) : null] as const;
    }));
    return { state: known.state ? parseState(JSON.parse(known.state.json)) : null, hours, source, known };
  }

  async function load(partitionKey: string, hourStarts: readonly string[]): Promise<KnownRecord> {
    const sorted = [...hourStarts].sort();
    const first = sorted[0];
    const filter = first
      ? odata`PartitionKey eq ${partitionKey} and (RowKey eq ${STATE_ROW} or (RowKey ge ${hourRowKey(first)} and RowKey le ${hourRowKey(sorted.at(-1)!)}))`
      : odata`PartitionKey eq ${partitionKey} and RowKey eq ${STATE_ROW}`;
    const known: KnownRecord = { partitionKey, state: null, counters: NO_COUNTERS, hours: new Map(), knownFrom: first ?? NOTHING_KNOWN };
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      if (row.rowKey === STATE_ROW) {
        known.state = rowOf(row);
        known.counters = countersOf(row);
      } else if (row.rowKey?.startsWith(HOUR_PREFIX)) {
        known.hours.set(String(row.hourStart), rowOf(row));
      }
    }
    if (options.legacy) await carryLegacyHours(options.legacy, known, sorted);
    return known;
  }

  return {
    async read(targetId, hourStarts, readOptions = {}) {
      const partitionKey = targetKey(targetId);
      const cached = readOptions.fresh ? undefined : cache.get(partitionKey);
      if (cached && hourStarts.every((hour) => hour >= cached.knownFrom || cached.hours.has(hour))) return view(cached, hourStarts, 'memory');
      const known = await load(partitionKey, hourStarts);
      cache.set(known);
      return view(known, hourStarts, 'table');
    },

    async write(record, change) {
      const { known } = record;
      const { actions, rows, counters, overflow } = recordActions(known, change);
      // Spent either way: on success it is replaced below, on failure the next read goes to the table.
      cache.delete(known.partitionKey);
      let etags: Array<string | undefined>;
      try {
        const response = await table.submitTransaction(actions);
        etags = response.subResponses.map((sub) => sub.etag);
      } catch (error) {
        // 404: a row this process knew is gone (deleted, or storage lost its data): read again too.
        if (isWriteConflict(error) || storageStatus(error) === 404) return 'conflict';
        throw error;
      }
      if (overflow) await table.submitTransaction([overflow]);
      const next: KnownRecord = { partitionKey: known.partitionKey, state: known.state, counters, hours: new Map(), knownFrom: known.knownFrom };
      // Only the hours this turn was about are kept; the window has moved past the others.
      const keep = [...change.hours.keys()].sort();
      for (const hour of keep) {
        const row = known.hours.get(hour);
        if (row) next.hours.set(hour, row);
      }
      if (keep[0] && keep[0] > next.knownFrom) next.knownFrom = keep[0];
      let complete = etags.length === actions.length;
      rows.forEach((row, index) => {
        const etag = etags[index];
        if (row.kind === 'other') return;
        if (!etag) complete = false;
        const written: KnownRow = { etag: etag ?? null, json: row.json! };
        if (row.kind === 'state') next.state = written;
        else next.hours.set(row.hour!, written);
      });
      if (complete) cache.set(next);
      return 'committed';
    },
  };
}

function rowOf(row: Row): KnownRow {
  return { etag: row.etag, json: JSON.stringify(fromChunks(row)) };
}

/**
 * Hours not yet in the state table but begun in the legacy snapshots table (a target watched before
 * issue 11: it has a state row that does not say since when its rollups live beside it): their
 * minutes are carried over, and written here by the next transaction. One query for them all.
 */
async function carryLegacyHours(legacy: TableClient, known: KnownRecord, hourStarts: readonly string[]): Promise<void> {
  if (!known.state || known.counters.recordsSince) return;
  const missing = hourStarts.filter((hour) => !known.hours.has(hour));
  if (missing.length === 0) return;
  const filter = odata`PartitionKey eq ${known.partitionKey} and RowKey ge ${hourRowKey(missing[0]!)} and RowKey le ${hourRowKey(missing.at(-1)!)}`;
  for await (const row of legacy.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
    const hour = String(row.hourStart);
    if (missing.includes(hour)) known.hours.set(hour, { etag: null, json: JSON.stringify(fromChunks(row)) });
  }
}
