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

export interface NewOutboxRow {
  partitionKey: string;
  targetId: string;
  sequence: number;
  createdAt: string;
  payload: unknown;
}

export function outboxEntity(row: NewOutboxRow): TableEntity {
  return {
    partitionKey: row.partitionKey,
    rowKey: outboxRowKey(row.sequence),
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
