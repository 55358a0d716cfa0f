// One JSON document per target (the alert lifecycle state, opaque here), guarded by its ETag. A commit
// writes the new state and appends the outbox messages it decided to send in ONE entity-group
// transaction: when two runs overlap, exactly one commit from a given version succeeds, and only the
// winner's messages ever exist. That is how a notification is never sent twice.
// https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { fromChunks } from './json-chunks.js';
import { outboxEntity, STATE_ROW } from './outbox-rows.js';
import { countersOf, messageTime, NO_COUNTERS, stateEntity, type StateCounters } from './state-row.js';
import { isWriteConflict, storageStatus } from './storage-status.js';
import { targetKey } from './target-key.js';

/** A transaction holds at most 100 entities; one of them is the state row. */
export const MAX_MESSAGES_PER_COMMIT = 99;

export interface TargetState<T> {
  value: T | null;
  /** The version read; pass it back to commit. null: no state stored yet. */
  etag: string | null;
}

/** committed: state and messages written; conflict: another run wrote first, nothing was written. */
export type CommitResult = 'committed' | 'conflict';

export interface CommitOptions {
  /** When the messages are created (ordering across targets); defaults to the clock. */
  now?: Date;
}

export interface TargetStateStoreOptions<T> {
  /** Validates a stored document (e.g. a zod schema's parse); the stored JSON is returned as is when absent. */
  parse?: (value: unknown) => T;
}

export interface TargetStateStore<T> {
  get(targetId: string): Promise<TargetState<T>>;
  commit(targetId: string, value: T, etag: string | null, outboxMessages?: readonly unknown[], options?: CommitOptions): Promise<CommitResult>;
}

type Row = TableEntityResult<Record<string, unknown>>;

/** What a commit must carry forward from the version it replaces. */
interface Counters extends StateCounters {
  etag: string;
}

export function createTargetStateStore<T>(table: TableClient, options: TargetStateStoreOptions<T> = {}): TargetStateStore<T> {
  const parse = options.parse ?? ((value: unknown) => value as T);
  // The counters of the versions this store read, so a commit after a get needs no second read.
  const known = new Map<string, Counters>();

  async function readRow(partitionKey: string): Promise<Row | null> {
    try {
      return await table.getEntity<Record<string, unknown>>(partitionKey, STATE_ROW);
    } catch (error) {
      if (storageStatus(error) === 404) return null;
      throw error;
    }
  }

  async function countersFor(partitionKey: string, etag: string): Promise<Counters | 'conflict'> {
    const cached = known.get(partitionKey);
    if (cached?.etag === etag) return cached;
    const row = await readRow(partitionKey);
    if (!row || row.etag !== etag) return 'conflict';
    return remember(partitionKey, row);
  }

  function remember(partitionKey: string, row: Row): Counters {
    const counters = { etag: row.etag, ...countersOf(row) };
    known.set(partitionKey, counters);
    return counters;
  }

  return {
    async get(targetId) {
      const partitionKey = targetKey(targetId);
      const row = await readRow(partitionKey);
      if (!row) return { value: null, etag: null };
      remember(partitionKey, row);
      return { value: parse(fromChunks(row)), etag: row.etag };
    },

    async commit(targetId, value, etag, outboxMessages = [], commitOptions = {}) {
      if (outboxMessages.length > MAX_MESSAGES_PER_COMMIT) {
        throw new RangeError(`at most ${MAX_MESSAGES_PER_COMMIT} outbox messages per commit, got ${outboxMessages.length}`);
      }
      const partitionKey = targetKey(targetId);
      const previous = etag === null ? NO_COUNTERS : await countersFor(partitionKey, etag);
      if (previous === 'conflict') return 'conflict';
      const createdAt = messageTime(commitOptions.now ?? new Date(), previous);
      const stateRow = stateEntity({
        partitionKey,
        targetId,
        value,
        counters: {
          sequence: previous.sequence + outboxMessages.length,
          lastCreatedAt: outboxMessages.length > 0 ? createdAt : previous.lastCreatedAt,
          recordsSince: previous.recordsSince,
        },
      });
      const actions: TransactionAction[] = [
        etag === null ? ['create', stateRow] : ['update', stateRow, 'Replace', { etag }],
        ...outboxMessages.map((payload, index): TransactionAction => [
          'create',
          outboxEntity({ partitionKey, targetId, sequence: previous.sequence + index + 1, createdAt, payload }),
        ]),
      ];
      // The version is spent either way; the next commit starts from a fresh get.
      known.delete(partitionKey);
      try {
        await table.submitTransaction(actions);
        return 'committed';
      } catch (error) {
        if (isWriteConflict(error)) return 'conflict';
        throw error;
      }
    },
  };
}
