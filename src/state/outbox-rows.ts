// How outbox messages are laid out in the state table. A message lives in its target's partition,
// beside the target's state row, so the state change that decides to notify and the message itself
// are written by one entity-group transaction: either both exist or neither does.
import type { TableEntity } from '@azure/data-tables';
import { toChunks } from './json-chunks.js';

export const STATE_ROW = 'state';
export const OUTBOX_ROW_PREFIX = 'outbox-';
/** Row keys of outbox rows sort between these two (`.` follows `-` in ASCII). */
export const OUTBOX_ROW_END = 'outbox.';

/** Zero-padded so that row keys sort in sequence order. */
export function outboxRowKey(sequence: number): string {
  return `${OUTBOX_ROW_PREFIX}${String(sequence).padStart(10, '0')}`;
}

/** The notice that message `rowKey` was parked sorts right after it, before the target's next message. */
export function noticeRowKey(rowKey: string): string {
  return `${rowKey}-notice`;
}

/** pending: waits for a deliverer; sending: a deliverer started a request (its answer not yet recorded); parked: dead-lettered. */
export type OutboxStatus = 'pending' | 'sending' | 'parked';
/** message: what a commit queued; notice: that a message of the same target was parked (never simplified, never announced). */
export type OutboxKind = 'message' | 'notice';

export interface NewOutboxRow {
  partitionKey: string;
  targetId: string;
  sequence: number;
  createdAt: string;
  payload: unknown;
}

export function outboxEntity(row: NewOutboxRow & { rowKey?: string; kind?: OutboxKind }): TableEntity {
  return {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey ?? outboxRowKey(row.sequence),
    kind: row.kind ?? 'message',
    status: 'pending',
    possibleCopies: 0,
    targetId: row.targetId,
    sequence: row.sequence,
    createdAt: row.createdAt,
    attempts: 0,
    lastError: '',
    leaseOwner: '',
    leaseUntil: '',
    ...toChunks(row.payload),
  };
}
