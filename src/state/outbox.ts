// The outbox: Slack messages decided by a commit and not yet delivered (see target-state-store.ts).
// A deliverer claims a message with a lease written under the message's ETag, so of two concurrent
// deliverers only one can hold it; it deletes the message once Slack accepted it.
import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { fromChunks } from './json-chunks.js';
import { OUTBOX_ROW_END, OUTBOX_ROW_PREFIX } from './outbox-rows.js';
import { storageStatus } from './storage-status.js';

export interface OutboxMessage<P = unknown> {
  /** partition/row of the message, for logs. */
  id: string;
  targetId: string;
  /** Per target, from 1, in the order the target's commits created them. */
  sequence: number;
  createdAt: string;
  /** Delivery attempts so far, over all runs. */
  attempts: number;
  lastError: string | null;
  /** A live lease means another deliverer is sending it right now. */
  leaseUntil: string | null;
  payload: P;
  /** The version this copy was read at; claims and completions are guarded by it. */
  etag: string;
}

/** claimed: ours to send; leased: another deliverer holds a live lease; changed: someone else wrote it since we read it; gone: already delivered. */
export type ClaimResult<P> = { status: 'claimed'; message: OutboxMessage<P> } | { status: 'leased' | 'changed' | 'gone' };

/** completed/recorded: done; lost-lease: our lease expired and another deliverer claimed it; gone: the row no longer exists. */
export type CompleteResult = 'completed' | 'lost-lease' | 'gone';
export type RecordFailureResult = 'recorded' | 'lost-lease' | 'gone';

export interface ClaimOptions {
  /** Must outlast one message's whole delivery (all its retries), or another deliverer may resend it. */
  leaseInMs: number;
  now?: Date;
}

export interface OutboxOptions<P> {
  /** Validates a stored payload; returned as stored when absent. */
  parse?: (payload: unknown) => P;
  /** Names this deliverer in leases (diagnostics only). */
  owner?: string;
}

export interface Outbox<P> {
  /** Every pending message, oldest first across targets; per target always in sequence order. */
  list(): Promise<Array<OutboxMessage<P>>>;
  claim(message: OutboxMessage<P>, options: ClaimOptions): Promise<ClaimResult<P>>;
  complete(claimed: OutboxMessage<P>): Promise<CompleteResult>;
  /** Adds `attempts` to the message's count, keeps `reason`, and releases the lease for a later run. */
  recordFailure(claimed: OutboxMessage<P>, attempts: number, reason: string): Promise<RecordFailureResult>;
}

type Row = TableEntityResult<Record<string, unknown>>;

export function createOutbox<P = unknown>(table: TableClient, options: OutboxOptions<P> = {}): Outbox<P> {
  const parse = options.parse ?? ((payload: unknown) => payload as P);
  const owner = options.owner ?? randomUUID();

  const toMessage = (row: Row): OutboxMessage<P> => ({
    id: `${row.partitionKey}/${row.rowKey}`,
    targetId: String(row.targetId),
    sequence: Number(row.sequence),
    createdAt: String(row.createdAt),
    attempts: Number(row.attempts ?? 0),
    lastError: row.lastError ? String(row.lastError) : null,
    leaseUntil: row.leaseUntil ? String(row.leaseUntil) : null,
    payload: parse(fromChunks(row)),
    etag: row.etag,
  });
  const keys = (message: OutboxMessage<P>): [string, string] => {
    const slash = message.id.indexOf('/');
    return [message.id.slice(0, slash), message.id.slice(slash + 1)];
  };

  return {
    async list() {
      const rows = table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`RowKey ge ${OUTBOX_ROW_PREFIX} and RowKey lt ${OUTBOX_ROW_END}` },
      });
      const messages: Array<OutboxMessage<P>> = [];
      for await (const row of rows) messages.push(toMessage(row));
      // Code-unit order (not locale order): the row keys are zero-padded for exactly this comparison.
      return messages.sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
    },

    async claim(message, claimOptions) {
      const now = claimOptions.now ?? new Date();
      if (message.leaseUntil && message.leaseUntil > now.toISOString()) return { status: 'leased' };
      const leaseUntil = new Date(now.getTime() + claimOptions.leaseInMs).toISOString();
      const [partitionKey, rowKey] = keys(message);
      try {
        const { etag } = await table.updateEntity({ partitionKey, rowKey, leaseOwner: owner, leaseUntil }, 'Merge', { etag: message.etag });
        if (!etag) throw new Error(`claiming ${message.id}: the service returned no ETag`);
        return { status: 'claimed', message: { ...message, leaseUntil, etag } };
      } catch (error) {
        const status = storageStatus(error);
        if (status === 412) return { status: 'changed' };
        if (status === 404) return { status: 'gone' };
        throw error;
      }
    },

    async complete(claimed) {
      const [partitionKey, rowKey] = keys(claimed);
      try {
        await table.deleteEntity(partitionKey, rowKey, { etag: claimed.etag });
        return 'completed';
      } catch (error) {
        return settle(error);
      }
    },

    async recordFailure(claimed, attempts, reason) {
      const [partitionKey, rowKey] = keys(claimed);
      const update = { partitionKey, rowKey, attempts: claimed.attempts + attempts, lastError: reason.slice(0, 1_000), leaseOwner: '', leaseUntil: '' };
      try {
        await table.updateEntity(update, 'Merge', { etag: claimed.etag });
        return 'recorded';
      } catch (error) {
        return settle(error);
      }
    },
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function settle(error: unknown): 'lost-lease' | 'gone' {
  const status = storageStatus(error);
  if (status === 412) return 'lost-lease';
  if (status === 404) return 'gone';
  throw error;
}
