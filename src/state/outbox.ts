// The outbox: Slack messages decided by a commit and not yet delivered (see target-state-store.ts).
// A deliverer claims a message under its ETag before it sends it: the claim marks the message
// "sending" and counts the request as a possible copy in Slack, so a deliverer that crashes (or loses
// storage) after Slack accepted leaves a record that the next deliverer reads as an ambiguous answer,
// never as "not sent". A message Slack refuses for good is parked (dead-lettered) beside its target's
// queue with Slack's reason, and the target's later messages go on.
import { randomUUID } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { keysOf, messageOf, type OutboxMessage } from './outbox-message.js';
import { noticeRowKey, OUTBOX_ROW_END, OUTBOX_ROW_PREFIX, outboxEntity } from './outbox-rows.js';
import { storageStatus } from './storage-status.js';

export type { OutboxKind, OutboxStatus } from './outbox-rows.js';
export { keysOf, type OutboxMessage } from './outbox-message.js';


/** claimed: ours to send; leased: another deliverer holds a live lease; changed: someone else wrote it since we read it; gone: already delivered. */
export type ClaimResult<P> = { status: 'claimed'; message: OutboxMessage<P> } | { status: 'leased' | 'changed' | 'gone' };

/** completed/recorded/parked: done; lost-lease: our lease expired and another deliverer claimed it; gone: the row no longer exists. */
export type CompleteResult = 'completed' | 'lost-lease' | 'gone';
export type RecordFailureResult = 'recorded' | 'lost-lease' | 'gone';
export type ParkResult = 'parked' | 'lost-lease' | 'gone';
export type RetryResult = 'retried' | 'not-parked' | 'gone';
export type DropResult = 'dropped' | 'gone';

/** not-sent: Slack answered (a refusal, 429, 5xx) or the request never left; unknown: the body went out and no answer came. */
export type SendOutcome = 'not-sent' | 'unknown';

export interface ClaimOptions {
  /** Must outlast one message's whole delivery (all its retries), or another deliverer may resend it. */
  leaseInMs: number;
  now?: Date;
}

export interface RecordFailureOptions {
  /** Defaults to not-sent. */
  outcome?: SendOutcome;
  /** No new attempt before this (the wait after an ambiguous answer). */
  notBefore?: Date;
}

export interface ParkOptions {
  outcome?: SendOutcome;
  now?: Date;
  /** A text-only message queued in the same transaction, right behind the parked one. */
  notice?: unknown;
}

/** How deliverers treat this outbox unless told otherwise (from the settings). */
export interface OutboxDeliveryDefaults {
  /** Per Slack attempt (SNAT_SLACK_TIMEOUT_MS). */
  timeoutInMs?: number;
  /** The wait before the one re-send after an ambiguous answer (SNAT_SLACK_RESEND_AFTER_MS). */
  resendAfterInMs?: number;
  /** The app's clock, for leases and waits (the runtime's). */
  now?: () => Date;
}

export interface OutboxOptions<P> {
  delivery?: OutboxDeliveryDefaults;
  /** Validates a stored payload; returned as stored when absent. */
  parse?: (payload: unknown) => P;
  /** Names this deliverer in leases (diagnostics only). */
  owner?: string;
}

export interface Outbox<P> {
  readonly delivery?: OutboxDeliveryDefaults;
  /** Every message waiting for delivery (not parked), oldest first across targets; per target in sequence order. */
  list(): Promise<Array<OutboxMessage<P>>>;
  /** The dead-letter: parked messages, oldest first. */
  listParked(): Promise<Array<OutboxMessage<P>>>;
  claim(message: OutboxMessage<P>, options: ClaimOptions): Promise<ClaimResult<P>>;
  complete(claimed: OutboxMessage<P>): Promise<CompleteResult>;
  /** Adds `attempts` to the message's count, keeps `reason`, and releases the lease for a later attempt. */
  recordFailure(claimed: OutboxMessage<P>, attempts: number, reason: string, options?: RecordFailureOptions): Promise<RecordFailureResult>;
  /** Moves the message to the dead-letter with `reason` (and queues `notice`, atomically). */
  park(claimed: OutboxMessage<P>, attempts: number, reason: string, options?: ParkOptions): Promise<ParkResult>;
  /** Puts a parked message back in its target's queue (an operator's decision: its copy count starts again). */
  retry(id: string): Promise<RetryResult>;
  /** Deletes a message, parked or not. */
  drop(id: string): Promise<DropResult>;
}

type Row = TableEntityResult<Record<string, unknown>>;

export function createOutbox<P = unknown>(table: TableClient, options: OutboxOptions<P> = {}): Outbox<P> {
  const parse = options.parse ?? ((payload: unknown) => payload as P);
  const owner = options.owner ?? randomUUID();
  const toMessage = (row: Row): OutboxMessage<P> => messageOf(row, parse);

  async function listAll(): Promise<Array<OutboxMessage<P>>> {
    const rows = table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`RowKey ge ${OUTBOX_ROW_PREFIX} and RowKey lt ${OUTBOX_ROW_END}` },
    });
    const messages: Array<OutboxMessage<P>> = [];
    for await (const row of rows) messages.push(toMessage(row));
    // Code-unit order (not locale order): the row keys are zero-padded for exactly this comparison.
    return messages.sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
  }

  async function readRow(id: string): Promise<Row | null> {
    const [partitionKey, rowKey] = keysOf(id);
    try {
      return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (storageStatus(error) === 404) return null;
      throw error;
    }
  }

  return {
    ...(options.delivery ? { delivery: options.delivery } : {}),
    async list() {
      return (await listAll()).filter((message) => message.status !== 'parked');
    },

    async listParked() {
      return (await listAll()).filter((message) => message.status === 'parked');
    },

    async claim(message, claimOptions) {
      const now = claimOptions.now ?? new Date();
      if (message.leaseUntil && message.leaseUntil > now.toISOString()) return { status: 'leased' };
      const leaseUntil = new Date(now.getTime() + claimOptions.leaseInMs).toISOString();
      const claimedAt = now.toISOString();
      // Counted before the request: if this deliverer never records the answer, the next one knows a copy may be out.
      const possibleCopies = message.possibleCopies + 1;
      const [partitionKey, rowKey] = keysOf(message.id);
      try {
        const update = { partitionKey, rowKey, status: 'sending', possibleCopies, leaseOwner: owner, leaseUntil, claimedAt };
        const { etag } = await table.updateEntity(update, 'Merge', { etag: message.etag });
        if (!etag) throw new Error(`claiming ${message.id}: the service returned no ETag`);
        return { status: 'claimed', message: { ...message, status: 'sending', possibleCopies, leaseOwner: owner, leaseUntil, claimedAt, etag } };
      } catch (error) {
        const status = storageStatus(error);
        if (status === 412) return { status: 'changed' };
        if (status === 404) return { status: 'gone' };
        throw error;
      }
    },

    async complete(claimed) {
      const [partitionKey, rowKey] = keysOf(claimed.id);
      try {
        await table.deleteEntity(partitionKey, rowKey, { etag: claimed.etag });
        return 'completed';
      } catch (error) {
        return settle(error);
      }
    },

    async recordFailure(claimed, attempts, reason, failureOptions = {}) {
      const [partitionKey, rowKey] = keysOf(claimed.id);
      const update = {
        partitionKey,
        rowKey,
        ...released(claimed, attempts, reason, failureOptions.outcome),
        status: 'pending',
        notBefore: failureOptions.notBefore?.toISOString() ?? '',
      };
      try {
        await table.updateEntity(update, 'Merge', { etag: claimed.etag });
        return 'recorded';
      } catch (error) {
        return settle(error);
      }
    },

    async park(claimed, attempts, reason, parkOptions = {}) {
      const [partitionKey, rowKey] = keysOf(claimed.id);
      const parkedAt = (parkOptions.now ?? new Date()).toISOString();
      const update = { partitionKey, rowKey, ...released(claimed, attempts, reason, parkOptions.outcome), status: 'parked', notBefore: '', parkedAt, parkedReason: reason.slice(0, 1_000) };
      try {
        if (parkOptions.notice === undefined) {
          await table.updateEntity(update, 'Merge', { etag: claimed.etag });
        } else {
          const notice = outboxEntity({
            partitionKey,
            rowKey: noticeRowKey(rowKey),
            kind: 'notice',
            targetId: claimed.targetId,
            sequence: claimed.sequence,
            createdAt: claimed.createdAt,
            payload: parkOptions.notice,
          });
          await table.submitTransaction([['update', update, 'Merge', { etag: claimed.etag }], ['upsert', notice, 'Replace']]);
        }
        return 'parked';
      } catch (error) {
        return settle(error);
      }
    },

    async retry(id) {
      const row = await readRow(id);
      if (!row) return 'gone';
      if (row.status !== 'parked') return 'not-parked';
      const [partitionKey, rowKey] = keysOf(id);
      try {
        await table.updateEntity({ partitionKey, rowKey, status: 'pending', possibleCopies: 0, parkedAt: '', parkedReason: '', notBefore: '' }, 'Merge', { etag: row.etag });
        return 'retried';
      } catch (error) {
        if (storageStatus(error) === 404) return 'gone';
        throw error;
      }
    },

    async drop(id) {
      const [partitionKey, rowKey] = keysOf(id);
      try {
        await table.deleteEntity(partitionKey, rowKey);
        return 'dropped';
      } catch (error) {
        if (storageStatus(error) === 404) return 'gone';
        throw error;
      }
    },
  };
}

/** The lease given up after an attempt; a request Slack answered (or that never left) is no longer a possible copy. */
function released(claimed: OutboxMessage<unknown>, attempts: number, reason: string, outcome: SendOutcome = 'not-sent') {
  return {
    attempts: claimed.attempts + attempts,
    possibleCopies: outcome === 'not-sent' ? Math.max(0, claimed.possibleCopies - 1) : claimed.possibleCopies,
    lastError: reason.slice(0, 1_000),
    leaseOwner: '',
    leaseUntil: '',
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function settle(error: unknown): 'lost-lease' | 'gone' {
  const status = storageStatus(error);
  if (status === 412) return 'lost-lease';
  if (status === 404) return 'gone';
  throw error;
}
